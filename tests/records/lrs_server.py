"""A minimal learning record store for the push tests: the xAPI 1.0.3
Statements resource (POST), HTTP Basic or an OAuth 2.0 client-credentials
token, and a check of every statement it receives against the parts of the
specification layerlab's statements use. A batch with one invalid statement
is refused whole (400), as the specification requires; an id it already has
with other content is a conflict (409), the same content is accepted again
without storing it twice. While the file DIR/down exists it answers 503.

    lrs_server.py DIR basic USER PASSWORD | oauth CLIENT SECRET

Prints its port, then serves; DIR/received lists each stored statement id,
DIR/batches one line per accepted request."""
import base64
import json
import os
import re
import sys
from http.server import BaseHTTPRequestHandler, HTTPServer

DIR, MODE, USER, SECRET = sys.argv[1:5]
TOKEN = "t0k3n-" + base64.b16encode(os.urandom(8)).decode()
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")
LANG = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z]{4})?(-([A-Za-z]{2}|[0-9]{3}))?(-[A-Za-z0-9]{5,8})*$")
IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s]+$")
TIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$")
DURATION = re.compile(r"^P(\d+D)?(T(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$")
stored = {}


class Invalid(Exception):
    pass


def need(cond, what):
    if not cond:
        raise Invalid(what)


def only(obj, allowed, where):
    need(isinstance(obj, dict), where + " is not an object")
    extra = set(obj) - set(allowed)
    need(not extra, "%s has unknown properties %s" % (where, sorted(extra)))


def langmap(m, where):
    need(isinstance(m, dict) and m, where + " is not a language map")
    for tag, text in m.items():
        need(LANG.match(tag), "%s: '%s' is not a language tag" % (where, tag))
        need(isinstance(text, str), where + " holds a non-string")


def agent(a, where):
    only(a, ["objectType", "name", "mbox", "mbox_sha1sum", "openid", "account"], where)
    need(a.get("objectType", "Agent") == "Agent", where + " is not an Agent")
    ifis = [k for k in ("mbox", "mbox_sha1sum", "openid", "account") if k in a]
    need(len(ifis) == 1, where + " needs exactly one identifier")
    if "account" in a:
        only(a["account"], ["homePage", "name"], where + ".account")
        need(IRI.match(a["account"].get("homePage", "")), where + ".account.homePage is not an IRL")
        need(isinstance(a["account"].get("name"), str) and a["account"]["name"], where + ".account.name")


def activity(o, where):
    only(o, ["objectType", "id", "definition"], where)
    need(o.get("objectType", "Activity") == "Activity", where + " is not an Activity")
    need(IRI.match(o.get("id", "")), where + ".id is not an IRI")
    if "definition" in o:
        d = o["definition"]
        only(d, ["name", "description", "type", "moreInfo", "extensions",
                 "interactionType", "correctResponsesPattern", "choices"], where + ".definition")
        for k in ("name", "description"):
            if k in d:
                langmap(d[k], where + ".definition." + k)
        if "type" in d:
            need(IRI.match(d["type"]), where + ".definition.type is not an IRI")


def statement(s):
    only(s, ["id", "actor", "verb", "object", "result", "context", "timestamp",
             "version", "attachments"], "statement")
    need(UUID.match(s.get("id", "")), "id is not a UUID")
    agent(s.get("actor"), "actor")
    only(s.get("verb"), ["id", "display"], "verb")
    need(IRI.match(s["verb"].get("id", "")), "verb.id is not an IRI")
    langmap(s["verb"].get("display"), "verb.display")
    activity(s.get("object"), "object")
    if "result" in s:
        r = s["result"]
        only(r, ["score", "success", "completion", "response", "duration", "extensions"], "result")
        for k in ("success", "completion"):
            need(k not in r or isinstance(r[k], bool), "result.%s is not a boolean" % k)
        if "score" in r:
            sc = r["score"]
            only(sc, ["scaled", "raw", "min", "max"], "result.score")
            need(-1 <= sc.get("scaled", 0) <= 1, "result.score.scaled outside -1..1")
            if "raw" in sc:
                need(sc.get("min", sc["raw"]) <= sc["raw"] <= sc.get("max", sc["raw"]), "raw outside min..max")
        if "duration" in r:
            need(DURATION.match(r["duration"]), "result.duration is not an ISO 8601 duration")
    if "context" in s:
        c = s["context"]
        only(c, ["registration", "instructor", "team", "contextActivities", "revision",
                 "platform", "language", "statement", "extensions"], "context")
        if "registration" in c:
            need(UUID.match(c["registration"]), "context.registration is not a UUID")
        if "instructor" in c:
            agent(c["instructor"], "context.instructor")
        if "language" in c:
            need(LANG.match(c["language"]), "context.language '%s' is not a language tag" % c["language"])
        for kind, acts in c.get("contextActivities", {}).items():
            need(kind in ("parent", "grouping", "category", "other"), "contextActivities." + kind)
            for a in (acts if isinstance(acts, list) else [acts]):
                activity(a, "contextActivities." + kind)
    need(TIME.match(s.get("timestamp", "")), "timestamp is not ISO 8601")


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def answer(self, code, body=b"", ctype="application/json"):
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Experience-API-Version", "1.0.3")
        self.end_headers()
        self.wfile.write(body)

    def basic(self):
        auth = self.headers.get("Authorization", "")
        if not auth.startswith("Basic "):
            return None
        return base64.b64decode(auth[6:]).decode().split(":", 1)

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        if os.path.exists(os.path.join(DIR, "down")):
            return self.answer(503, b"down for maintenance", "text/plain")
        if self.path == "/oauth/token":
            if MODE != "oauth" or self.basic() != [USER, SECRET] or \
                    body.decode() != "grant_type=client_credentials":
                return self.answer(401, b'{"error":"invalid_client"}')
            return self.answer(200, json.dumps({"access_token": TOKEN, "token_type": "Bearer",
                                                "expires_in": 3600}).encode())
        if self.path != "/xapi/statements":
            return self.answer(404, b"no such resource", "text/plain")
        auth = self.headers.get("Authorization", "")
        if (MODE == "basic" and self.basic() != [USER, SECRET]) or \
                (MODE == "oauth" and auth != "Bearer " + TOKEN):
            return self.answer(401, b"unauthorised", "text/plain")
        if not self.headers.get("X-Experience-API-Version", "").startswith("1.0"):
            return self.answer(400, b"missing X-Experience-API-Version", "text/plain")
        if not self.headers.get("Content-Type", "").startswith("application/json"):
            return self.answer(400, b"not JSON", "text/plain")
        try:
            doc = json.loads(body)
            batch = doc if isinstance(doc, list) else [doc]
            ids = [s.get("id") for s in batch]
            need(len(set(ids)) == len(ids), "the batch holds an id twice")
            for n, s in enumerate(batch):
                try:
                    statement(s)
                except Invalid as e:
                    raise Invalid("statement %d (%s): %s" % (n + 1, s.get("id"), e))
        except (ValueError, Invalid, AttributeError, TypeError) as e:
            return self.answer(400, str(e).encode(), "text/plain")
        for s in batch:
            if s["id"] in stored and stored[s["id"]] != s:
                return self.answer(409, ("statement %s exists with other content" % s["id"]).encode(),
                                   "text/plain")
        with open(os.path.join(DIR, "received"), "a") as f:
            for s in batch:
                if s["id"] not in stored:
                    stored[s["id"]] = s
                    f.write(s["id"] + "\n")
        with open(os.path.join(DIR, "batches"), "a") as f:
            f.write("%d\n" % len(batch))
        self.answer(200, json.dumps(ids).encode())


server = HTTPServer(("127.0.0.1", 0), Handler)
print(server.server_address[1], flush=True)
server.serve_forever()
