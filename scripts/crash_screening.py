#!/usr/bin/env python3
"""Crash safety for the screening chain and venue check-ins: kill -9 the server at random moments, many times, while
samplers register tubes in bulk, batches go to the lab, the lab uploads results, and citizens check in at a venue.

After every kill, with the server down, the database must pass its integrity check and:
- every bulk tube registration the server acknowledged (201) is there whole, with all its swabs; every other is
  there whole or not at all;
- every results upload acknowledged (200) has set the result of all its tubes; every other all or none; and every
  positive tube has the follow-up orders for its members that the same transaction writes;
- every check-in acknowledged (201) is there, at most the one in flight besides, and each visit has its journal row.
Runs against 127.0.0.1 only, bounded in iterations and time.

usage: crash_screening.py CORDON_BINARY [--iterations N] [--postgres postgres://user@host:port/db] [--seed S]
"""
import argparse, json, os, random, sys, threading, time, urllib.error

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from crash_safety import AREAS, Scratch, Store, id_number, login, request  # noqa: E402

RESIDENTS = 3000
CITIZENS = 4
HALF = RESIDENTS // 2
PASSWORD = "crash-password-1"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("binary")
    parser.add_argument("--iterations", type=int, default=15)
    parser.add_argument("--postgres")
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    scratch = Scratch(args.binary, args.postgres, "cordon-crash-screening-")
    run = scratch.run
    server = None
    try:
        run("migrate")
        run("import", "areas", scratch.write("areas.csv", AREAS))
        people = [id_number(900000 + i) for i in range(RESIDENTS)]
        run("import", "residents", scratch.write("residents.csv", "name,id_number,phone,household_code\n" + "".join(
            "筛%d,%s,,H%d\n" % (i, n, 1 + i % 2) for i, n in enumerate(people))))
        for name, role, area in [("crash", "admin", "C"), ("boss", "commander", "C"), ("swab", "sampler", "D1"), ("lab", "lab_operator", "C"),
                                 ("door", "checkpoint_staff", "D1")]:
            run("users", "add", name, "--role", role, "--area", area, input=(PASSWORD + "\n").encode())
        store = Store(scratch.url)
        residents = {row[1]: int(row[0]) for row in store.query("SELECT id, name FROM residents")}
        citizens = {}
        for c in range(CITIZENS):
            rid = residents["筛%d" % c]
            run("users", "add", "c%d" % c, "--role", "citizen", "--area", "H%d" % (1 + c % 2), "--resident", str(rid),
                input=(PASSWORD + "\n").encode())
            citizens["c%d" % c] = rid
        # Cordon has no route that registers a venue yet (the city generator makes them), so the one venue is written here.
        store.execute("INSERT INTO venues (code, name, category, area_id, created_at) "
                      "SELECT 'V0001', '崩溃测试超市', 'supermarket', id, 0 FROM areas WHERE code = 'D1'")

        def start(label):
            process, log, base = scratch.serve(label)
            return process, log, base, {user: login(base, user, PASSWORD) for user in ["crash", "boss", "swab", "lab", "door", *citizens]}

        # The lab, the site and the round, once, through the API.
        server, log, base, tokens = start("setup")
        request(base + "/api/v1/screening/labs", json.dumps({"code": "LAB001", "name": "金域", "daily_capacity": 1000000}).encode(), tokens["crash"])
        request(base + "/api/v1/screening/labs/LAB001/operators", json.dumps({"username": "lab"}).encode(), tokens["crash"])
        request(base + "/api/v1/screening/sites", json.dumps({"code": "SITE01", "name": "崩溃采样点", "area_code": "D1", "desks": 8,
                                                              "daily_capacity": 1000000}).encode(), tokens["crash"])
        _, body = request(base + "/api/v1/screening/rounds", json.dumps({"name": "崩溃轮次", "hours": 240, "areas": [{"code": "C", "pool": 10}]}).encode(),
                          tokens["boss"])
        round_id = json.loads(body)["id"]
        server.terminate()
        server.wait(timeout=60)
        log.close()

        lock = threading.Lock()
        registered, registered_acked = {}, set()    # registration -> (barcodes, swabs)
        resulted, resulted_acked = {}, set()        # upload -> barcodes
        checkins_sent = {c: 0 for c in citizens}
        checkins_acked = {c: 0 for c in citizens}
        counter = [0]
        failures = []   # a refusal the server should not have given
        kills = 0

        def next_number():
            with lock:
                counter[0] += 1
                return counter[0]

        def chain(base, tokens, stop):
            """Register tubes, send them to the lab, have it receive them and upload their results, until the server dies."""
            while not stop.is_set():
                k = next_number()
                tubes = rng.choice([20, 100, 400, 1000])
                barcodes = ["T%07d" % (k * 1000 + i) for i in range(tubes)]
                # Pools of ten from one half of the city; single tubes from the other half, the only ones that come back
                # positive, since a person awaiting a retest may only go into a single tube.
                single = {b for b in barcodes if rng.random() < 0.2}
                submission = [{"barcode": b, "site": "SITE01", "round_id": round_id, "capacity": 1 if b in single else 10,
                               "sampled_at": int(time.time()) - 60,
                               "id_numbers": rng.sample(people[HALF:], 1) if b in single else rng.sample(people[CITIZENS:HALF], rng.randint(1, 10))}
                              for b in barcodes]
                with lock:
                    registered[k] = (set(barcodes), sum(len(t["id_numbers"]) for t in submission))
                try:
                    status, _ = request(base + "/api/v1/screening/samples", json.dumps(submission).encode(), tokens["swab"], timeout=120)
                    with lock:
                        registered_acked.add(k)
                    request(base + "/api/v1/screening/batches", json.dumps({"code": "B%07d" % k, "lab": "LAB001", "tubes": barcodes}).encode(),
                            tokens["swab"], timeout=120)
                    request(base + "/api/v1/screening/batches/B%07d/receive" % k, b"", tokens["lab"], timeout=120)
                    csv = "barcode,result,ct,tested_at\n" + "".join(
                        "%s,%s,,%d\n" % (b, "positive" if b in single and rng.random() < 0.1 else "negative", int(time.time())) for b in barcodes)
                    with lock:
                        resulted[k] = set(barcodes)
                    status, _ = request(base + "/api/v1/screening/results", csv.encode(), tokens["lab"], "text/csv", 120)
                    if status == 200:
                        with lock:
                            resulted_acked.add(k)
                except urllib.error.HTTPError as error:
                    failures.append("tubes %d: %d %s" % (k, error.code, error.read()[:300]))
                    return
                except Exception:
                    return  # the server is gone

        def check_in(base, tokens, citizen, stop):
            while not stop.is_set():
                try:
                    _, body = request(base + "/api/v1/venues/V0001/code", token=tokens["door"], timeout=30)
                    code = json.loads(body)["code"]
                    with lock:
                        checkins_sent[citizen] += 1
                    status, _ = request(base + "/api/v1/checkins", json.dumps({"code": code}).encode(), tokens[citizen], timeout=30)
                    if status == 201:
                        with lock:
                            checkins_acked[citizen] += 1
                except urllib.error.HTTPError as error:
                    failures.append("%s check-in: %d %s" % (citizen, error.code, error.read()[:300]))
                    return
                except Exception:
                    return

        def check(after):
            integrity = store.integrity()
            rows = store.query("SELECT barcode, result, members FROM tubes")
            tubes = {b: (r if r not in ("", "None") else None, int(m)) for b, r, m in rows}
            swabs = int(store.query("SELECT COUNT(*) FROM tube_members")[0][0])
            wrong = []
            expected_swabs = 0
            for k, (barcodes, members) in registered.items():
                present = len(barcodes & tubes.keys())
                if present not in (0, len(barcodes)) or (k in registered_acked and present != len(barcodes)):
                    wrong.append("registration %d: %d of %d tubes%s" % (k, present, len(barcodes), " (acknowledged)" if k in registered_acked else ""))
                if present:
                    expected_swabs += members
            if swabs != expected_swabs or sum(m for _, m in tubes.values()) != swabs:
                wrong.append("%d swabs stored, %d registered whole" % (swabs, expected_swabs))
            for k, barcodes in resulted.items():
                done = sum(1 for b in barcodes if tubes.get(b, (None, 0))[0])
                if done not in (0, len(barcodes)) or (k in resulted_acked and done != len(barcodes)):
                    wrong.append("results upload %d: %d of %d tubes resulted%s" % (k, done, len(barcodes), " (acknowledged)" if k in resulted_acked else ""))
            orphans = store.query("SELECT COUNT(*) FROM tubes t JOIN tube_members m ON m.tube_id = t.id WHERE t.result = 'positive' "
                                  "AND NOT EXISTS (SELECT 1 FROM screening_orders o WHERE o.tube_id = t.id AND o.resident_id = m.resident_id)")
            if orphans != [["0"]]:
                wrong.append("positive tubes' members without orders: %s" % orphans)
            visits = dict((r, int(n)) for r, n in store.query("SELECT resident_id, COUNT(*) FROM venue_visits GROUP BY resident_id"))
            journal = dict((r, int(n)) for r, n in store.query(
                "SELECT subject_id, COUNT(*) FROM journal WHERE action = 'venue.check_in' GROUP BY subject_id"))
            for citizen, rid in citizens.items():
                n = visits.get(str(rid), 0)
                if not checkins_acked[citizen] <= n <= checkins_sent[citizen] or journal.get(str(rid), 0) != n:
                    wrong.append("%s: %d visits, %d journalled, %d acknowledged, %d sent" % (citizen, n, journal.get(str(rid), 0),
                                                                                          checkins_acked[citizen], checkins_sent[citizen]))
            if integrity != "ok" or wrong:
                raise SystemExit("after %s: integrity %s; %s" % (after, integrity, "; ".join(wrong[:10])))
            return len(tubes), sum(1 for r, _ in tubes.values() if r), sum(visits.values())

        began = time.time()
        for iteration in range(args.iterations):
            server, log, base, tokens = start("run-%d" % iteration)
            stop = threading.Event()
            workers = [threading.Thread(target=chain, args=(base, tokens, stop)) for _ in range(2)]
            workers += [threading.Thread(target=check_in, args=(base, tokens, c, stop)) for c in citizens]
            for t in workers:
                t.start()
            time.sleep(rng.uniform(0.3, 4.0))
            server.kill()  # SIGKILL
            server.wait()
            kills += 1
            stop.set()
            for t in workers:
                t.join()
            log.close()
            if failures:
                raise SystemExit("refused during run %d: %s" % (iteration, "; ".join(failures[:5])))
            check("kill %d" % kills)
        tubes, done, visits = check("the last kill")
        print("crash-safety screening (%s): %d kills in %.0f s; %d tube registrations sent, %d acknowledged; %d results uploads sent, "
              "%d acknowledged; %d check-ins sent, %d acknowledged; %d tubes, %d resulted, %d visits; all acknowledged present, "
              "none half-applied, integrity ok"
              % (scratch.kind, kills, time.time() - began, len(registered), len(registered_acked), len(resulted),
                 len(resulted_acked), sum(checkins_sent.values()), sum(checkins_acked.values()), tubes, done, visits))
        if not registered_acked or not resulted_acked or not sum(checkins_acked.values()):
            raise SystemExit("nothing was acknowledged: the run proved nothing")
        print("1 passed, 0 failed")
    finally:
        if server and server.poll() is None:
            server.kill()
        scratch.close()


if __name__ == "__main__":
    main()
