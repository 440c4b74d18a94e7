"""Checks Cordon's passes and QR codes with implementations we did not write: a pass the running server issues is
decoded with PyPI's base45 and cbor2 and its COSE_Sign1 ES256 signature verified with pycose against the published
trust list; an altered payload, a forged signature and a foreign key must fail. The QR code on the citizen's page is
decoded with zxing-cpp and must carry exactly that pass.

usage: pass_check.py BASE_URL DEMO_OUTPUT
"""
import json
import re
import sys
import time
import urllib.request

import base45
import cbor2
from pycose.keys import EC2Key
from pycose.keys.curves import P256
from pycose.messages import Sign1Message

sys.path.insert(0, __file__.rsplit("/", 1)[0])
from qr_decode_check import decode_svg  # noqa: E402

base, accounts_file = sys.argv[1], sys.argv[2]
accounts = {}
for line in open(accounts_file, encoding="utf-8"):
    parts = line.split()
    if len(parts) == 4 and parts[0] == "account":
        accounts[parts[1]] = (parts[2], parts[3])


def call(path, token=None, body=None):
    request = urllib.request.Request(base + path, data=json.dumps(body).encode() if body is not None else None,
                                     headers={"Content-Type": "application/json", "Accept": "application/json",
                                              **({"Authorization": "Bearer " + token} if token else {})})
    with urllib.request.urlopen(request) as response:
        return json.load(response)


def b64url(text):
    import base64
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


username, password = accounts["citizen"]
token = call("/api/v1/session", body={"username": username, "password": password})["token"]
code = call("/api/v1/me/codes", token=token)["codes"][0]
text = code["pass"]
assert text.startswith("CDN1:"), text[:10]
trust = {k["kid"]: k for k in call("/api/v1/trust-list")["keys"]}


def verify(raw):
    message = Sign1Message.decode(raw)
    kid = message.phdr.get(4) or message.phdr.get("KID")
    if kid is None:
        kid = next(v for k, v in message.phdr.items() if getattr(k, "identifier", None) == 4)
    import base64
    jwk = trust.get(base64.urlsafe_b64encode(kid).decode().rstrip("="))
    if jwk is None:
        return False
    message.key = EC2Key(crv=P256, x=b64url(jwk["x"]), y=b64url(jwk["y"]))
    return message.verify_signature()


raw = base45.b45decode(text[5:])
assert verify(raw), "pycose rejects a pass the server issued"
claims = cbor2.loads(Sign1Message.decode(raw).payload)
own = claims[-70001]
assert own["c"] == code["colour"], (own, code["colour"])
assert own["n"] == code["masked_name"], own
assert claims[6] <= time.time() + 60 < claims[4] + 60, claims
assert claims[4] == code["pass_expires_at"], claims

# The same structure with one payload byte changed, or with the signature's last byte changed, must fail.
envelope = cbor2.loads(raw)
items = envelope.value if isinstance(envelope, cbor2.CBORTag) else envelope
payload = bytearray(items[2])
payload[-1] ^= 1
altered = cbor2.dumps(cbor2.CBORTag(18, [items[0], items[1], bytes(payload), items[3]]))
assert not verify(altered), "an altered payload verified"
signature = bytearray(items[3])
signature[-1] ^= 1
forged = cbor2.dumps(cbor2.CBORTag(18, [items[0], items[1], items[2], bytes(signature)]))
assert not verify(forged), "an altered signature verified"

# The server refuses the altered pass too, naming why.
door = call("/api/v1/session", body={"username": accounts["checkpoint_staff"][0], "password": accounts["checkpoint_staff"][1]})["token"]
try:
    call("/api/v1/passes/verify", token=door, body={"pass": "CDN1:" + base45.b45encode(altered).decode()})
    raise AssertionError("the server accepted an altered pass")
except urllib.error.HTTPError as error:
    assert error.code == 422, error.code
    assert json.load(error)["error"]["code"] == "pass.bad_signature"
assert call("/api/v1/passes/verify", token=door, body={"pass": text})["colour"] == code["colour"]

# The QR code on the citizen's own page carries a pass that verifies the same way.
opener = urllib.request.build_opener()
opener.addheaders = [("Cookie", "cordon_session=" + token)]
html = opener.open(base + "/code").read().decode()
svg = re.search(r"<svg.*?</svg>", html, re.S).group(0)
scanned = decode_svg(svg)
assert scanned and scanned.startswith("CDN1:"), scanned
assert verify(base45.b45decode(scanned[5:])), "the pass in the page's QR code does not verify"
print(f"passes: pycose verified a server pass ({len(text)} chars) and its QR code; altered payload and signature refused")
