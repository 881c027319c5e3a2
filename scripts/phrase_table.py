"""Results of the phrases in tests/data/phrases.yaml on a database: total and top 3 per phrase.

    DATABASE_URL=sqlite:///helpfinder.db python scripts/phrase_table.py > after.json
    python scripts/phrase_table.py --before before.json --after after.json   # a Markdown table of both

Runs the API in-process (no server, nothing logged); searches as the page does (gender=male).
"""

import argparse
import json
import sys
from pathlib import Path

import yaml

CASES = Path(__file__).resolve().parent.parent / "tests" / "data" / "phrases.yaml"


def measure() -> dict[str, dict]:
    """Each phrase's total and first three names on the database of DATABASE_URL."""
    from fastapi.testclient import TestClient

    from api.main import create_app

    results = {}
    with TestClient(create_app()) as client:
        for case in yaml.safe_load(CASES.read_text(encoding="utf-8")):
            page = client.get("/v1/services", params={"q": case["q"], "gender": "male"}).json()
            understood = (page.get("interpreted_query") or {}).get("situations") or []
            results[case["q"]] = {"total": page["total_items"], "top3": [i["name"] for i in page["contents"][:3]],
                                  "situations": [s["code"] for s in understood]}
    return results


def table(before: dict[str, dict], after: dict[str, dict]) -> str:
    """Markdown: phrase, results before and after, top 3 before and after."""
    lines = ["| phrase | before | after | top 3 before | top 3 after | understood as |", "|---|---|---|---|---|---|"]
    for phrase, now in after.items():
        old = before.get(phrase, {"total": "–", "top3": []})
        lines.append(f"| {phrase} | {old['total']} | {now['total']} | {'; '.join(old['top3']) or '–'} | "
                     f"{'; '.join(now['top3']) or '–'} | {', '.join(now['situations']) or '–'} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", type=Path)
    parser.add_argument("--after", type=Path)
    args = parser.parse_args()
    if args.before and args.after:
        print(table(json.loads(args.before.read_text()), json.loads(args.after.read_text())))
        return
    json.dump(measure(), sys.stdout, ensure_ascii=False, indent=1)


if __name__ == "__main__":
    main()
