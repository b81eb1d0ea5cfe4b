#!/usr/bin/env python3
"""Convert AGORA's document tags into SpanCoder gold JSONL (one whole-document span per document).

Reads ../shared/agora (documents.csv, mapping.csv, fulltext/) and writes, for the chosen split:
  * GOLD.jsonl: {"doc": AGORA ID, "start": 0, "end": <length in code points>, "codes": [mapped codes]}
    for every document of the split (codes may be empty: the document then scores false positives);
  * with --texts DIR: DIR/<AGORA ID>.txt as symbolic links to the full texts (for `spancoder tag` and
    `spancoder eval --texts`), so that no AGORA data is copied (AGORA is CC BY-NC 4.0; keep it out of
    the repository);
  * with --codes FILE: the mapped code ids, one per line (`spancoder eval --codes`);
  * with --pred PRED.jsonl --pred-out OUT.jsonl: SpanCoder's document codes (`spancoder tag --doc-codes`
    output; only the whole-document spans, id "document") restricted to the mapped codes, so that codes
    AGORA cannot score (no counterpart in mapping.csv) are left out of the evaluation rather than
    counted as false positives.

Splits (all: Annotated? = true, no unreviewed machine output, a full text present):
  validated  the 226 documents with Validated? = true — the benchmark, held out;
  tune       the 383 annotated, not validated documents — for choosing lexicon and rule changes;
  all        both.

A code is gold for a document when any of its AGORA tags (mapping.csv, `|`-separated) is TRUE.
Codes without an AGORA counterpart are not emitted and should not be scored (use --codes).

Usage:
  scripts/agora_gold.py [--agora ../shared/agora] [--split validated|tune|all] -o GOLD.jsonl
      [--texts DIR] [--codes CODES.txt] [--pred TAGGED.jsonl --pred-out DOCPRED.jsonl]
"""
import argparse, contextlib, csv, json, os, sys


@contextlib.contextmanager
def atomic_output(path):
    """A text file to write `path` through: a temporary file beside the file `path` names (through
    symbolic links, so a link stays a link), renamed over it once complete; a device or FIFO such as
    /dev/null, which a rename would replace with a regular file, is written in place."""
    if os.path.exists(path) and not os.path.isfile(path):
        with open(path, "w", encoding="utf-8") as f:
            yield f
        return
    target = os.path.realpath(path)
    temporary = target + ".tmp"
    try:
        with open(temporary, "w", encoding="utf-8") as f:
            yield f
        os.replace(temporary, target)
    except BaseException:
        # A failure partway (a bad prediction line exits from inside the block) leaves nothing behind.
        if os.path.exists(temporary):
            os.remove(temporary)
        raise


def truth(value):
    return str(value).strip().lower() == "true"


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--agora", default=os.path.join(here, "..", "..", "shared", "agora"))
    ap.add_argument("--split", default="validated", choices=["validated", "tune", "all"])
    ap.add_argument("-o", "--output", required=True, help="gold JSONL to write")
    ap.add_argument("--texts", help="folder to fill with symbolic links <id>.txt to the full texts")
    ap.add_argument("--codes", help="file to write the mapped code ids to")
    ap.add_argument("--pred", help="spancoder tag --doc-codes output to restrict to document spans and mapped codes")
    ap.add_argument("--pred-out", help="where to write the restricted predictions (with --pred)")
    a = ap.parse_args()

    agora = os.path.abspath(a.agora)
    mapping = {}
    try:
        with open(os.path.join(agora, "mapping.csv"), encoding="utf-8-sig", newline="") as f:
            for row in csv.DictReader(f):
                tags = [t.strip() for t in (row.get("agora_tags") or "").split("|") if t.strip()]
                if tags:
                    mapping[row["code"].strip()] = tags
        with open(os.path.join(agora, "documents.csv"), encoding="utf-8-sig", newline="") as f:
            docs = list(csv.DictReader(f))
    except (OSError, KeyError) as e:
        sys.exit(f"agora_gold.py: cannot read the AGORA tables in {agora}: {e}")
    columns = set(docs[0].keys()) if docs else set()
    for code, tags in mapping.items():
        for t in tags:
            if t not in columns:
                sys.exit(f"agora_gold.py: mapping.csv: tag column {t!r} (code {code}) is not in documents.csv")

    if a.texts:
        os.makedirs(a.texts, exist_ok=True)
    lines, count = [], 0
    for d in docs:
        if not truth(d.get("Annotated?")) or truth(d.get("Summaries and tags may include unreviewed machine output")):
            continue
        validated = truth(d.get("Validated?"))
        if (a.split == "validated" and not validated) or (a.split == "tune" and validated):
            continue
        doc_id = d["AGORA ID"].strip()
        path = os.path.join(agora, "fulltext", f"{doc_id}.txt")
        if not os.path.exists(path):
            continue
        with open(path, encoding="utf-8", errors="strict") as f:
            length = len(f.read())
        codes = sorted(code for code, tags in mapping.items() if any(truth(d.get(t)) for t in tags))
        lines.append(json.dumps({"doc": doc_id, "start": 0, "end": length, "codes": codes}, ensure_ascii=False))
        count += 1
        if a.texts:
            link = os.path.join(a.texts, f"{doc_id}.txt")
            if os.path.lexists(link):
                os.remove(link)
            os.symlink(path, link)
    with atomic_output(a.output) as f:
        f.write("\n".join(lines) + ("\n" if lines else ""))
    if a.codes:
        with atomic_output(a.codes) as f:
            f.write("\n".join(mapping) + "\n")
    if a.pred:
        if not a.pred_out:
            sys.exit("agora_gold.py: --pred needs --pred-out")
        kept = 0
        with open(a.pred, encoding="utf-8") as f, atomic_output(a.pred_out) as out:
            for number, line in enumerate(f, 1):
                if not line.strip():
                    continue
                try:
                    span = json.loads(line)
                except json.JSONDecodeError as e:
                    sys.exit(f"agora_gold.py: {a.pred}:{number}: not JSON: {e}")
                if span.get("id") != "document":
                    continue
                codes = [c for c in span.get("codes", []) if (c["code"] if isinstance(c, dict) else c) in mapping]
                out.write(json.dumps({"doc": span["doc"], "start": span["start"], "end": span["end"], "codes": codes},
                                     ensure_ascii=False) + "\n")
                kept += 1
        print(f"agora_gold.py: {kept} document spans -> {a.pred_out}", file=sys.stderr)
    print(f"agora_gold.py: {count} documents ({a.split}), {len(mapping)} mapped codes -> {a.output}", file=sys.stderr)


if __name__ == "__main__":
    main()
