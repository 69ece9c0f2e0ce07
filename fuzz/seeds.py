#!/usr/bin/env python3
"""Writes the committed seed corpora under fuzz/corpus/ from the repository's testdata.

Run from anywhere: `python3 fuzz/seeds.py`. With `--extra DIR`, also writes seeds from the
workbooks and CSV files under DIR (for example a local collection of other readers' test
files) into fuzz/corpus-local/, which git ignores: files whose licence does not allow
committing them can seed a local run without entering the repository.

Seeds are kept small (a few KB each, under 2 MB in all): libFuzzer mutates small inputs much
faster, and its maximum input length defaults to the largest seed.
"""

import argparse
import hashlib
import io
import pathlib
import sys
import zipfile

FUZZ = pathlib.Path(__file__).resolve().parent
TESTDATA = FUZZ.parent / "testdata"

# The layouts the headers target can force, in `Layout::ALL` order; any other first byte
# means "detect".
DETECT = 255


def write(corpus: pathlib.Path, target: str, data: bytes) -> None:
    folder = corpus / target
    folder.mkdir(parents=True, exist_ok=True)
    name = hashlib.sha1(data).hexdigest()
    (folder / name).write_bytes(data)


def head(data: bytes, limit: int) -> bytes:
    """At most `limit` bytes, cut after a line feed."""
    if len(data) <= limit:
        return data
    cut = data.rfind(b"\n", 0, limit)
    return data[: cut + 1 if cut > 0 else limit]


def first_lines(data: bytes, count: int) -> bytes:
    return b"\n".join(data.split(b"\n")[:count])


def xlsx_parts(data: bytes):
    """The largest worksheet, shared strings and styles of an xlsx: the workbook_xml parts."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()
        sheets = [name for name in names if name.startswith("xl/worksheets/sheet")]
        if not sheets:
            return None
        sheet = max(sheets, key=lambda name: archive.getinfo(name).file_size)
        part = lambda name: archive.read(name) if name in names else b""
        return [archive.read(sheet), part("xl/sharedStrings.xml"), part("xl/styles.xml")]


def ods_content(data: bytes):
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()
        if "content.xml" not in names:
            return None
        styles = archive.read("styles.xml") if "styles.xml" in names else b""
        return [archive.read("content.xml"), styles]


# A small consultation as an OpenDocument table, for the ods seeds (testdata has no .ods).
ODS_CONTENT = """<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table table:name="Responses">
<table:table-row><table:table-cell office:value-type="string"><text:p>Respondent</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>Submitted</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>Do you agree with the proposal?</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>How old are you?</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>Any comments?</text:p></table:table-cell></table:table-row>
<table:table-row><table:table-cell office:value-type="float" office:value="1"><text:p>1</text:p></table:table-cell><table:table-cell office:value-type="date" office:date-value="2024-03-14T10:00:00"><text:p>14/03/2024</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>Agree</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>35-44</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>Keep it open</text:p></table:table-cell></table:table-row>
<table:table-row><table:table-cell office:value-type="float" office:value="2"><text:p>2</text:p></table:table-cell><table:table-cell office:value-type="date" office:date-value="2024-03-15"><text:p>15/03/2024</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>Strongly disagree</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>65-74</text:p></table:table-cell><table:table-cell table:number-columns-repeated="1"/></table:table-row>
<table:table-row table:number-rows-repeated="2"><table:table-cell office:value-type="float" office:value="3"><text:p>3</text:p></table:table-cell><table:table-cell office:value-type="percentage" office:value="0.5"><text:p>50%</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>Neither agree nor disagree</text:p></table:table-cell><table:table-cell office:value-type="boolean" office:boolean-value="true"><text:p>TRUE</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>The buses <text:s text:c="2"/>are poor</text:p></table:table-cell></table:table-row>
</table:table></office:spreadsheet></office:body></office:document-content>
"""


def ods_file(content: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet", zipfile.ZIP_STORED)
        archive.writestr(
            "META-INF/manifest.xml",
            '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>',
            zipfile.ZIP_DEFLATED,
        )
        archive.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
    return out.getvalue()


REDACT_TEXTS = [
    "Ring me on 07700 900123 or email jo@example.org, not before 07/05/2021.",
    "Call +44 (0)121 496 0000 or 0044 7700 900123 or (0121) 496 0000 or 0121-496-0000.",
    "I live at B12 0AB, near sw1a1aa; my district is B12. A64FX is a processor.",
    "My NHS number is 943 476 5919 (also 943-476-5919 and 9434765919); 1234567890 is not one.",
    "NI number AB 12 34 56 C or AB123456C; on 12 34 56 a we met.",
    "See https://example.org/page_(info). or www.example.com, javascript:alert(1)",
    "From 192.0.2.1 and 2001:db8::1; version 1.2.3.4 and 1.2.3.4.5 are kept.",
    "Thanks, NHS. Kind regards, Jo O'Neill-Smith",
    "My name is Priya Sharma and I will keep using the centre.\0Priya Sharma\nMrs Green\0p.sharma@example.org",
    "Sharma here: call me\0Priya Sharma\0p.sharma@example.org",
    "# heading\n> quote\n- item\n1. first\n<script>alert('x')</script> =SUM(A1) \x1b[31m",
    "Caf\u00e9 \u0130stanbul \u212a \u00df \u2019 \u202e reversed",
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--extra", type=pathlib.Path, help="more workbooks and CSV files, for fuzz/corpus-local/")
    args = parser.parse_args()

    corpus = FUZZ / "corpus"
    csvs = sorted(TESTDATA.glob("**/*.csv")) + sorted(TESTDATA.glob("**/*.txt"))
    csvs = [path for path in csvs if "codebook" not in path.name and "coding" not in path.name]
    for path in csvs:
        data = path.read_bytes()
        write(corpus, "csv_read", head(data, 8192))
        write(corpus, "headers", bytes([DETECT]) + first_lines(data, 4))
    # The vendor layouts' headers, each also with its layout forced.
    for index, name in enumerate(["google-forms.csv", None, None, "qualtrics.csv", "limesurvey.csv", "kobo.csv"]):
        if name:
            write(corpus, "headers", bytes([index]) + first_lines((TESTDATA / "layouts" / name).read_bytes(), 4))

    workbooks = sorted(TESTDATA.glob("**/*.xlsx"))
    for path in workbooks:
        data = path.read_bytes()
        if len(data) <= 64 * 1024:
            write(corpus, "spreadsheet_read", data)
        parts = xlsx_parts(data)
        if parts and sum(map(len, parts)) <= 64 * 1024:
            write(corpus, "workbook_xml", b"\0" + b"\0".join(parts))
    write(corpus, "spreadsheet_read", ods_file(ODS_CONTENT))
    write(corpus, "workbook_xml", b"\x01" + ODS_CONTENT.encode())

    for path in sorted(TESTDATA.glob("**/*.toml")):
        if "codebook" in str(path) or path.parent.name == "codebooks":
            write(corpus, "codebook", b"\0" + path.read_bytes())
    write(corpus, "codebook", b"\x01" + (TESTDATA / "themes" / "codebook.csv").read_bytes())

    for text in REDACT_TEXTS:
        write(corpus, "redact", text.encode())
    consultation = (TESTDATA / "themes" / "consultation.csv").read_text(encoding="utf-8")
    for line in consultation.splitlines()[1:8]:
        write(corpus, "redact", line.encode())

    if args.extra:
        local = FUZZ / "corpus-local"
        for path in sorted(args.extra.rglob("*")):
            if not path.is_file() or path.stat().st_size > 256 * 1024:
                continue
            data = path.read_bytes()
            suffix = path.suffix.lower()
            if suffix in {".xlsx", ".xlsm", ".xls", ".xlsb", ".ods"}:
                write(local, "spreadsheet_read", data)
                try:
                    parts = xlsx_parts(data) if suffix in {".xlsx", ".xlsm"} else ods_content(data) if suffix == ".ods" else None
                except (zipfile.BadZipFile, KeyError, OSError):
                    parts = None
                if parts and sum(map(len, parts)) <= 64 * 1024:
                    mode = b"\0" if suffix != ".ods" else b"\x01"
                    write(local, "workbook_xml", mode + b"\0".join(parts))
            elif suffix in {".csv", ".tsv", ".txt"}:
                write(local, "csv_read", head(data, 8192))
                write(local, "headers", bytes([DETECT]) + first_lines(data, 4))
    total = sum(path.stat().st_size for path in corpus.rglob("*") if path.is_file())
    print(f"committed corpus: {total / 1024:.0f} KB", file=sys.stderr)


if __name__ == "__main__":
    main()
