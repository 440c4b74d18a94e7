#!/usr/bin/env python3
"""Crash safety: kill -9 the server at random moments while clients upload resident CSVs, many times over.

After every kill the database must pass its integrity check, every upload the server acknowledged (201) must be there
whole, and every other upload must be there whole or not at all. Then a graceful stop: SIGTERM while an upload is in
flight must let it finish (201, every row there) and the server exit 0. Runs against 127.0.0.1 only, bounded.

usage: crash_safety.py CORDON_BINARY [--iterations N] [--postgres postgres://user@host:port/db] [--seed S]
With --postgres, a fresh database is created beside the given one (and dropped afterwards) with psql.
"""
import argparse, base64, json, os, random, shutil, socket, sqlite3, subprocess, sys, tempfile, threading, time, urllib.request

WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
CHECK = "10X98765432"
AREAS = "code,name,level,parent_code\nC,兰州市,city,\nD1,城关区,district,C\nH1,101,household,D1\nH2,102,household,D1\n"


def id_number(serial):
    """A valid GB 11643 number, unique per serial: the birth date carries serial // 1000, the sequence the rest."""
    born = time.gmtime(-631152000 + (serial // 1000) * 86400)  # from 1950-01-01
    body = "620102" + time.strftime("%Y%m%d", born) + "%03d" % (serial % 1000)
    return body + CHECK[sum(int(d) * w for d, w in zip(body, WEIGHTS)) % 11]


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def request(url, body=None, token=None, content_type="application/json", timeout=60):
    headers = {"Content-Type": content_type}
    if token:
        headers["Authorization"] = "Bearer " + token
    req = urllib.request.Request(url, data=body, headers=headers, method="POST" if body is not None else "GET")
    with urllib.request.urlopen(req, timeout=timeout) as response:
        return response.status, response.read()


class Store:
    """Reads the database directly, with the server down."""

    def __init__(self, url):
        self.url = url

    def query(self, sql):
        if self.url.startswith("postgres"):
            out = subprocess.run(["psql", "-At", "-F", "\t", self.url, "-c", sql], check=True, capture_output=True, text=True).stdout
            return [line.split("\t") for line in out.splitlines() if line]
        db = sqlite3.connect(self.url)
        try:
            return [[str(v) for v in row] for row in db.execute(sql).fetchall()]
        finally:
            db.close()

    def execute(self, sql):
        if self.url.startswith("postgres"):
            subprocess.run(["psql", "-q", self.url, "-c", sql], check=True, capture_output=True)
            return
        db = sqlite3.connect(self.url)
        try:
            db.execute(sql)
            db.commit()
        finally:
            db.close()

    def integrity(self):
        if self.url.startswith("postgres"):
            # PostgreSQL has no whole-database check; amcheck-free, the closest is that every table still reads and
            # every foreign key still holds. Count each table fully and check the residents' references.
            self.query("SELECT COUNT(*) FROM residents")
            orphans = self.query("SELECT COUNT(*) FROM residents r LEFT JOIN areas a ON a.id = r.household_id WHERE a.id IS NULL")
            return "ok" if orphans == [["0"]] else "orphaned residents: %s" % orphans
        return ",".join(row[0] for row in self.query("PRAGMA integrity_check"))

    def batches(self):
        counts = {}
        for (name,) in self.query("SELECT name FROM residents WHERE name LIKE '崩%'"):
            batch = int(name[1:].split("-")[0])
            counts[batch] = counts.get(batch, 0) + 1
        return counts


class Scratch:
    """A throwaway database for one run (a SQLite file, or with `postgres` a fresh PostgreSQL database beside the given
    one), the server's environment for it, and the servers started on it. `close` drops it all."""

    def __init__(self, binary, postgres, prefix):
        self.binary, self.postgres, self.created = binary, postgres, None
        self.work = tempfile.mkdtemp(prefix=prefix)
        if postgres:
            self.created = "%s_%d" % (prefix.strip("-").replace("-", "_"), os.getpid())
            subprocess.run(["psql", "-q", postgres, "-c", "CREATE DATABASE %s" % self.created], check=True, capture_output=True)
            self.url = postgres.rsplit("/", 1)[0] + "/" + self.created
        else:
            self.url = os.path.join(self.work, "crash.sqlite")
        self.env = dict(os.environ, CORDON_DATABASE_URL=self.url, CORDON_DATA_KEY=base64.b64encode(os.urandom(32)).decode(),
                        CORDON_BCRYPT_COST="4")
        self.kind = "postgres" if postgres else "sqlite"

    def run(self, *arguments, **options):
        return subprocess.run([self.binary, *arguments], env=self.env, check=True, capture_output=True, **options)

    def write(self, name, text):
        path = os.path.join(self.work, name)
        with open(path, "w") as f:
            f.write(text)
        return path

    def serve(self, label):
        """Starts `cordon serve` on a free port and waits for /healthz: (process, log, base URL)."""
        port = free_port()
        log = open(os.path.join(self.work, "serve-%s.log" % label), "w")
        process = subprocess.Popen([self.binary, "serve", "--port", str(port)], env=self.env, stdout=log, stderr=log)
        base = "http://127.0.0.1:%d" % port
        for _ in range(600):
            try:
                if request(base + "/healthz", timeout=2)[0] == 200:
                    return process, log, base
            except Exception:
                time.sleep(0.1)
        raise SystemExit("the server did not come up (%s)" % label)

    def close(self):
        if self.created:
            subprocess.run(["psql", "-q", self.postgres, "-c", "DROP DATABASE IF EXISTS %s" % self.created], capture_output=True)
        shutil.rmtree(self.work, ignore_errors=True)


def login(base, username, password):
    _, body = request(base + "/api/v1/session", json.dumps({"username": username, "password": password}).encode())
    return json.loads(body)["token"]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("binary")
    parser.add_argument("--iterations", type=int, default=20)
    parser.add_argument("--postgres")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    scratch = Scratch(args.binary, args.postgres, "cordon-crash-")
    server = None
    try:
        scratch.run("migrate")
        scratch.run("import", "areas", scratch.write("areas.csv", AREAS))
        scratch.run("users", "add", "crash", "--role", "admin", "--area", "C", input=b"crash-password-1\n")
        store = Store(scratch.url)
        sent = {}        # batch -> rows
        acked = set()    # batches answered 201 with every row inserted
        serial, batch = 0, 0
        kills = 0

        def start(label):
            process, log, base = scratch.serve(label)
            return process, log, base, login(base, "crash", "crash-password-1")

        def csv(mine, first, n):
            lines = ["name,id_number,phone,household_code,groups"]
            lines += ["崩%d-%d,%s,,H%d," % (mine, i, id_number(first + i), 1 + i % 2) for i in range(n)]
            return "\n".join(lines).encode() + b"\n"

        for iteration in range(args.iterations):
            server, log, base, token = start(iteration)
            stop = threading.Event()
            lock = threading.Lock()

            def upload():
                nonlocal serial, batch
                while not stop.is_set():
                    with lock:
                        batch += 1
                        mine = batch
                        n = rng.choice([50, 500, 2000, 8000, 20000])
                        first = serial
                        serial += n
                        sent[mine] = n
                    try:
                        status, answer = request(base + "/api/v1/registry/residents", csv(mine, first, n), token, "text/csv", 120)
                        if status == 201 and json.loads(answer)["inserted"] == n:
                            with lock:
                                acked.add(mine)
                    except Exception:
                        return  # the server is gone

            uploaders = [threading.Thread(target=upload) for _ in range(2)]
            for t in uploaders:
                t.start()
            time.sleep(rng.uniform(0.2, 3.0))
            server.kill()  # SIGKILL
            server.wait()
            kills += 1
            stop.set()
            for t in uploaders:
                t.join()
            log.close()
            integrity = store.integrity()
            present = store.batches()
            lost = sorted(b for b in acked if present.get(b, 0) != sent[b])
            partial = sorted(b for b, c in present.items() if c != sent.get(b))
            if integrity != "ok" or lost or partial:
                raise SystemExit("after kill %d: integrity %s, acknowledged but missing %s, half-written %s" % (kills, integrity, lost, partial))
        # A graceful stop in the middle of an upload: the upload finishes, then the server exits cleanly.
        server, log, base, token = start("graceful")
        batch += 1
        graceful, n, outcome = batch, 30000, {}
        sent[graceful] = n

        def slow_upload():
            began = outcome["began"] = time.time()
            try:
                status, answer = request(base + "/api/v1/registry/residents", csv(graceful, serial, n), token, "text/csv", 120)
                outcome.update(status=status, inserted=json.loads(answer)["inserted"])
            except Exception as error:
                outcome.update(error=str(error))
            outcome["seconds"] = time.time() - began

        uploader = threading.Thread(target=slow_upload)
        uploader.start()
        time.sleep(0.5)
        signalled = time.time()
        server.terminate()  # SIGTERM
        uploader.join()
        code = server.wait(timeout=60)
        log.close()
        in_flight = outcome.get("seconds", 0) > 0.5 + 0.05
        if outcome.get("status") != 201 or outcome.get("inserted") != n or code != 0 or store.batches().get(graceful) != n:
            raise SystemExit("graceful stop: upload %s, exit code %s, rows %s" % (outcome, code, store.batches().get(graceful)))
        acked.add(graceful)
        print("graceful stop: SIGTERM %.2f s into a %.2f s upload of %d rows%s; it finished (201), the server exited 0"
              % (signalled - outcome["began"], outcome["seconds"], n, "" if in_flight else " (it had finished first)"))
        present = store.batches()
        rows = sum(present.values())
        print("crash-safety (%s): %d kills, %d uploads sent, %d acknowledged, all %d acknowledged present whole, "
              "%d unacknowledged present whole, none half-written, integrity ok, %d residents"
              % (scratch.kind, kills, len(sent), len(acked), len(acked),
                 len([b for b in present if b not in acked]), rows))
        print("1 passed, 0 failed")
    finally:
        if server and server.poll() is None:
            server.kill()
        scratch.close()


if __name__ == "__main__":
    main()
