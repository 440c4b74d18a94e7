// Verifies signed passes at a door, offline once the trust list has been loaded: Base45 → COSE_Sign1 → ES256 with
// WebCrypto against the published keys, then the validity window. Without WebCrypto (a page not served over HTTPS)
// it asks the server instead.
(function () {
  var form = document.getElementById("verify");
  if (!form) return;
  var out = document.getElementById("verdict");
  var status = document.getElementById("keys-status");
  var msg = function (key) { return form.dataset["msg" + key.replace(/(^|_)(\w)/g, function (_, __, c) { return c.toUpperCase(); })] || key; };
  var STORE = "cordon-trust-list";

  function loadKeys() {
    return fetch("/api/v1/trust-list", { credentials: "same-origin" })
      .then(function (r) { if (!r.ok) throw new Error("http"); return r.json(); })
      .then(function (body) { localStorage.setItem(STORE, JSON.stringify(body)); return body; })
      .catch(function () { var saved = localStorage.getItem(STORE); return saved ? JSON.parse(saved) : null; });
  }

  var ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";
  function fail(code) { var e = new Error(code); e.code = code; throw e; }
  function base45(text) {
    var out = [];
    for (var i = 0; i < text.length; i += 3) {
      var c = ALPHABET.indexOf(text[i]), d = ALPHABET.indexOf(text[i + 1]);
      if (c < 0 || d < 0) fail(i + 1 >= text.length ? "truncated" : "malformed");
      if (i + 2 < text.length) {
        var e = ALPHABET.indexOf(text[i + 2]);
        if (e < 0) fail("malformed");
        var n = c + d * 45 + e * 2025;
        if (n > 65535) fail("malformed");
        out.push(n >> 8, n & 255);
      } else {
        var m = c + d * 45;
        if (m > 255) fail("malformed");
        out.push(m);
      }
    }
    return new Uint8Array(out);
  }

  // Just enough CBOR for a pass: integers, byte and text strings, arrays, maps, tags, simple values.
  function cbor(bytes) {
    var at = 0;
    function need(n) { if (at + n > bytes.length) fail("truncated"); }
    function arg(info) {
      if (info < 24) return info;
      if (info > 27) fail("malformed");
      var len = 1 << (info - 24), v = 0;
      need(len);
      for (var i = 0; i < len; i++) v = v * 256 + bytes[at++];
      return v;
    }
    function item(depth) {
      if (depth > 16) fail("malformed");
      need(1);
      var b = bytes[at++], major = b >> 5, info = b & 31;
      if (major === 7) { if (info === 20) return false; if (info === 21) return true; if (info === 22) return null; fail("malformed"); }
      var v = arg(info);
      switch (major) {
        case 0: return v;
        case 1: return -1 - v;
        case 2: need(v); at += v; return bytes.slice(at - v, at);
        case 3: need(v); at += v; return new TextDecoder("utf-8", { fatal: true }).decode(bytes.slice(at - v, at));
        case 4: if (v > bytes.length - at) fail("truncated"); var a = []; for (var i = 0; i < v; i++) a.push(item(depth + 1)); return a;
        case 5: if (v > bytes.length - at) fail("truncated"); var m = new Map(); for (var j = 0; j < v; j++) { var k = item(depth + 1); m.set(k, item(depth + 1)); } return m;
        default: return { tag: v, value: item(depth + 1) };
      }
    }
    var result = item(0);
    if (at !== bytes.length) fail("malformed");
    return result;
  }

  function head(major, n) {
    if (n < 24) return [major << 5 | n];
    if (n < 256) return [major << 5 | 24, n];
    if (n < 65536) return [major << 5 | 25, n >> 8, n & 255];
    return [major << 5 | 26, (n >>> 24) & 255, (n >> 16) & 255, (n >> 8) & 255, n & 255];
  }
  function toBeSigned(protectedBytes, payload) {
    var parts = [0x84].concat(head(3, 10), Array.from(new TextEncoder().encode("Signature1")),
      head(2, protectedBytes.length), Array.from(protectedBytes), head(2, 0), head(2, payload.length), Array.from(payload));
    return new Uint8Array(parts);
  }
  function b64url(bytes) { return btoa(String.fromCharCode.apply(null, bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, ""); }

  async function verifyLocally(text, trust) {
    text = text.trim();
    if (text.indexOf("CDN1:") !== 0) fail("not_a_pass");
    if (text.length === 5) fail("truncated");
    var message = cbor(base45(text.slice(5)));
    if (message && message.tag === 18) message = message.value;
    if (!Array.isArray(message) || message.length !== 4 || !(message[0] instanceof Uint8Array) || !(message[2] instanceof Uint8Array) || !(message[3] instanceof Uint8Array)) fail("malformed");
    var header = message[0].length ? cbor(message[0]) : new Map();
    if (!(header instanceof Map) || header.get(1) !== -7) fail("malformed");
    var kid = header.get(4) || (message[1] instanceof Map ? message[1].get(4) : null);
    if (!(kid instanceof Uint8Array)) fail("malformed");
    var jwk = (trust.keys || []).find(function (k) { return k.kid === b64url(kid); });
    if (!jwk) fail("unknown_key");
    var key = await crypto.subtle.importKey("jwk", { kty: "EC", crv: "P-256", x: jwk.x, y: jwk.y, ext: true }, { name: "ECDSA", namedCurve: "P-256" }, false, ["verify"]);
    var ok = message[3].length === 64 && await crypto.subtle.verify({ name: "ECDSA", hash: "SHA-256" }, key, message[3], toBeSigned(message[0], message[2]));
    if (!ok) fail("bad_signature");
    var claims = cbor(message[2]);
    var own = claims instanceof Map ? claims.get(-70001) : null;
    if (!(own instanceof Map)) fail("malformed");
    var now = Date.now() / 1000;
    if (claims.get(6) > now + 60) fail("not_yet_valid");
    if (now >= claims.get(4)) fail("expired");
    return { colour: own.get("c"), masked_name: own.get("n"), expires_at: claims.get(4), kind: own.get("k") };
  }

  async function verifyOnServer(text) {
    var r = await fetch("/api/v1/passes/verify", { method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": form.dataset.csrf, "Accept": "application/json" },
      body: JSON.stringify({ pass: text }) });
    var body = await r.json();
    if (!r.ok) { var e = new Error(body.error.message); e.code = body.error.code.replace(/^pass\./, ""); throw e; }
    return body;
  }

  function show(result) {
    out.hidden = false;
    out.className = "verdict " + result.colour;
    out.textContent = "";
    var strong = document.createElement("strong");
    strong.textContent = msg("colour_" + result.colour) + " · " + msg("valid");
    out.appendChild(strong);
    var p = document.createElement("p");
    p.textContent = msg("name") + ": " + result.masked_name + " · " + msg("until") + " " + new Date(result.expires_at * 1000).toLocaleString();
    out.appendChild(p);
    var passage = document.getElementById("passage");
    if (passage) passage.hidden = false;
  }

  // Recording a passage needs the server, which verifies the pass again: nothing unverified is ever recorded.
  var passage = document.getElementById("passage");
  if (passage) passage.addEventListener("submit", async function (event) {
    event.preventDefault();
    var result = document.getElementById("passage-result");
    var t = passage.elements.temperature.value;
    var r = await fetch("/api/v1/checkpoints/passages", { method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": form.dataset.csrf, "Accept": "application/json" },
      body: JSON.stringify({ checkpoint: passage.elements.checkpoint.value, pass: document.getElementById("pass").value.trim(),
        temperature: t === "" ? null : Number(t), direction: passage.elements.direction.value }) });
    var body = await r.json();
    result.hidden = false;
    result.className = r.ok ? (body.fever ? "error" : "ok") : "error";
    result.textContent = r.ok ? msg("recorded") + (body.fever ? " · " + body.temperature_tenths / 10 + " °C" : "") : body.error.message;
  });
  function refuse(error) {
    out.hidden = false;
    out.className = "verdict refused";
    out.textContent = msg("pass_" + (error.code || "malformed"));
  }

  var trust = null;
  loadKeys().then(function (t) {
    trust = t;
    status.textContent = t && t.keys && t.keys.length ? msg("keys_ready") : msg("keys_missing");
  });

  form.addEventListener("submit", async function (event) {
    event.preventDefault();
    var text = document.getElementById("pass").value;
    try {
      show(window.crypto && crypto.subtle && trust ? await verifyLocally(text, trust) : await verifyOnServer(text));
    } catch (error) {
      refuse(error);
    }
  });
})();
