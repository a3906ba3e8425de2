"""Reads a competency framework CSV the way Moodle's tool_lpimportcsv does
(framework_importer.php: the 14 columns by position, the row whose "Is
framework" is set is the framework, the rest hang under it by "Parent ID
number" from '' down) and fails on what would make Moodle refuse the file or
drop competencies: a missing framework, an unparsable scale configuration,
empty ID numbers or short names (create_competency skips them), duplicate ID
numbers, parents that do not exist (never attached), names past 100
characters (cut by shorten_text). Prints the tree's counts."""
import csv
import json
import sys

HEADERS = ["Parent ID number", "ID number", "Short name", "Description",
           "Description format", "Scale values", "Scale configuration",
           "Rule type (optional)", "Rule outcome (optional)",
           "Rule config (optional)", "Cross-referenced competency ID numbers",
           "Exported ID (optional)", "Is framework", "Taxonomy"]


def fail(msg):
    print("moodle import: " + msg, file=sys.stderr)
    sys.exit(1)


with open(sys.argv[1], newline="", encoding="utf-8") as f:
    rows = list(csv.reader(f))
if rows[0] != HEADERS:
    fail("header %r" % rows[0])
framework, flat = None, {}
for n, row in enumerate(rows[1:], 2):
    if len(row) != len(HEADERS):
        fail("line %d has %d columns" % (n, len(row)))
    parent, idnumber, shortname = row[0], row[1], row[2]
    if row[4] not in ("0", "1", "2", "4"):
        fail("line %d: description format %r" % (n, row[4]))
    if not idnumber or not shortname:
        fail("line %d: empty ID number or short name" % n)
    if len(shortname) > 100 or len(idnumber) > 100:
        fail("line %d: longer than 100 characters" % n)
    if row[12]:
        if framework is not None:
            fail("line %d: a second framework" % n)
        config = json.loads(row[6])
        if not row[5] or "scaleid" not in config[0]:
            fail("line %d: framework without a scale" % n)
        values = row[5].split(",")
        if len(config) != len(values) + 1 or \
                sum(c.get("scaledefault", 0) for c in config[1:]) != 1 or \
                not any(c.get("proficient") for c in config[1:]):
            fail("line %d: scale configuration does not match the scale" % n)
        framework = row
    else:
        if idnumber in flat:
            fail("line %d: ID number %s twice" % (n, idnumber))
        flat[idnumber] = parent
if framework is None:
    fail("no framework row")
reached = set()


def add_children(parent):
    for idnumber, p in flat.items():
        if p == parent:
            reached.add(idnumber)
            add_children(idnumber)


add_children("")
missing = set(flat) - reached
if missing:
    fail("never attached to the framework: %s" % sorted(missing))
top = sum(1 for p in flat.values() if p == "")
print("framework %s: %d competencies, %d at the top" % (framework[1], len(flat), top))
