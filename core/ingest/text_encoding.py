"""Which encoding a text file is in: UTF-8 first, else the encoding charset-normalizer finds
clearly more likely than any other, else a refusal naming the candidates.

Order (docs/data-files.md, "encoding"):
1. A byte-order mark says it: UTF-8 (Excel's "CSV UTF-8") or UTF-16 (Excel's "Unicode
   Text", tab-separated).
2. UTF-8 without a mark, when every byte of the file decodes as UTF-8.
3. A file that is UTF-8 but for a byte or two (nine in ten of its non-ASCII bytes read as
   UTF-8) is refused naming the first bad byte's row: it is damaged, not in another encoding.
4. Otherwise charset-normalizer weighs the encodings Excel writes on the Windows of the
   markets sellers work in (Windows-1252, GBK/GB18030, Big5, CP932, CP949) on the
   file's lines that hold non-ASCII bytes. Its best candidate is taken, with a warning
   naming it, when it is clearly ahead of the next: its mess ratio ("chaos") lower by
   `CHAOS_MARGIN`, or, as messy, its language coherence higher by `COHERENCE_MARGIN`.
   Otherwise the file is refused and the message shows a word of it read each way.
Every candidate must decode the whole file, not only the lines weighed.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass
from pathlib import Path

import charset_normalizer

from core.common.errors import InputError

# Windows-1252 reads every Latin-1 (ISO 8859-1) text the same (its 0x80-0x9f are control
# codes Latin-1 text never holds), so Latin-1 is not a candidate of its own.
CANDIDATES = ("cp1252", "gb18030", "big5", "cp932", "cp949")
LABELS = {
    "utf-8": "UTF-8", "utf-8-sig": "UTF-8", "utf-16": "UTF-16",
    "cp1252": "Windows-1252 (Western European)",
    "gb18030": "GBK/GB18030 (Simplified Chinese)", "big5": "Big5 (Traditional Chinese)",
    "cp932": "CP932/Shift-JIS (Japanese)", "cp949": "CP949 (Korean)",
}
CHAOS_MARGIN = 0.03
COHERENCE_MARGIN = 0.2
SAMPLE_BYTES = 256 * 1024
_BLOCK_BYTES = 1 << 20


@dataclass(frozen=True)
class TextEncoding:
    """How to read a file: `codec` for Python's open(), its number of text lines, and a
    warning when it is not UTF-8."""

    codec: str
    lines: int
    warning: str | None = None


def utf8_advice(path: Path) -> str:
    """What to do about an encoding, for this kind of file."""
    if path.suffix.lower() == ".csv":
        return "save it as 'CSV UTF-8' (Excel: File > Save As) and load it again"
    return ("save it as UTF-8 text (a text editor's Save As, encoding UTF-8; or Excel's "
            "'Unicode Text') or download it again, then load it again")


def detect_encoding(path: Path) -> TextEncoding:
    """The encoding of the file at `path`, or an `InputError` naming the candidates."""
    with path.open("rb") as raw:
        head = raw.read(4)
    if head.startswith(codecs.BOM_UTF8):
        return TextEncoding("utf-8-sig", _lines_or_refuse(path, "utf-8-sig", "UTF-8 mark"))
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return TextEncoding("utf-16", _lines_or_refuse(path, "utf-16", "UTF-16 mark"))
    try:
        return TextEncoding("utf-8", decoded_lines(path, "utf-8"))
    except UndecodableByte as not_utf8:
        return _best_candidate(path, not_utf8)


class UndecodableByte(Exception):
    """A byte the encoding cannot decode, at `offset` in the file."""

    def __init__(self, offset: int, byte: int) -> None:
        super().__init__(offset, byte)
        self.offset = offset
        self.byte = byte


def decoded_lines(path: Path, codec: str) -> int:
    """Decode the whole file block by block (raising `UndecodableByte`); count its lines."""
    decoder = codecs.getincrementaldecoder(codec)()
    lines = offset = 0
    ends_open = False
    with path.open("rb") as raw:
        while block := raw.read(_BLOCK_BYTES):
            try:
                text = decoder.decode(block)
            except UnicodeDecodeError as error:
                # error.object is what the decoder held back from the last block plus this one
                held_back = len(error.object) - len(block)
                raise UndecodableByte(offset - held_back + error.start,
                                      error.object[error.start]) from None
            lines += text.count("\n")
            offset += len(block)
            if text:
                ends_open = not text.endswith("\n")
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError as error:
            raise UndecodableByte(offset - len(error.object) + error.start,
                                  error.object[error.start]) from None
    return lines + (1 if ends_open else 0)


def _lines_or_refuse(path: Path, codec: str, mark: str) -> int:
    try:
        return decoded_lines(path, codec)
    except UndecodableByte as bad:
        row, line = position_of(path, bad.offset)
        raise InputError(f"starts with a {mark} but byte 0x{bad.byte:02x} is not "
                         f"{LABELS[codec]}; {utf8_advice(path)}", file=path.name, line=row,
                         text_line=line) from None


def _best_candidate(path: Path, not_utf8: UndecodableByte) -> TextEncoding:
    sample = _non_ascii_lines(path)
    if _mostly_utf8(sample):
        row, line = position_of(path, not_utf8.offset)
        raise InputError(f"is UTF-8 but for byte 0x{not_utf8.byte:02x}, which is not (a damaged "
                         f"file, or two files joined); {utf8_advice(path)}", file=path.name,
                         line=row, text_line=line)
    found = charset_normalizer.from_bytes(sample, cp_isolation=list(CANDIDATES))
    # Candidates that read the sample the same way are one reading; keep the first (best).
    readings: dict[str, charset_normalizer.CharsetMatch] = {}
    lines: dict[str, int] = {}
    for match in found:
        if str(match) in readings or match.encoding not in CANDIDATES:
            continue
        try:
            lines[match.encoding] = decoded_lines(path, match.encoding)
        except UndecodableByte:
            continue  # reads the sample, not the whole file
        readings[str(match)] = match
    ranked = list(readings.values())
    row, line = position_of(path, not_utf8.offset)
    where = f"row {row}" + (f", text line {line}" if line != row else "")
    if not ranked:
        raise InputError(f"is not UTF-8 text (byte 0x{not_utf8.byte:02x} on {where}) nor "
                         f"any encoding LiveStock recognises; {utf8_advice(path)}",
                         file=path.name)
    best = ranked[0]
    if len(ranked) == 1 or _clearly_ahead(best, ranked[1]):
        label = LABELS[best.encoding]
        return TextEncoding(best.encoding, lines[best.encoding], (
            f"{path.name} is not UTF-8 (byte 0x{not_utf8.byte:02x} on {where}); read it as "
            f"{label}, clearly the most likely encoding; to avoid this warning, "
            f"{utf8_advice(path)}"))
    shown = "; ".join(f"as {LABELS[m.encoding]} it reads '{_word(sample, m.encoding)}'"
                      for m in ranked[:4])
    raise InputError(f"is not UTF-8 (byte 0x{not_utf8.byte:02x} on {where}) and reads "
                     f"several ways, none clearly right: {shown}; {utf8_advice(path)}",
                     file=path.name)


def _mostly_utf8(sample: bytes) -> bool:
    """Nine in ten of the sample's non-ASCII bytes make valid UTF-8: a UTF-8 file with a bad
    byte or two, which no other encoding reads right (GBK or Windows-1252 text makes valid
    UTF-8 only by accident, far less often)."""
    text = sample.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    good = sum(len(char.encode()) for char in text if not char.isascii() and char != "\ufffd")
    return good >= 9 * bad


def _clearly_ahead(best: charset_normalizer.CharsetMatch,
                   runner_up: charset_normalizer.CharsetMatch) -> bool:
    if runner_up.chaos - best.chaos >= CHAOS_MARGIN:
        return True
    return (abs(runner_up.chaos - best.chaos) < CHAOS_MARGIN
            and best.coherence - runner_up.coherence >= COHERENCE_MARGIN)


def _non_ascii_lines(path: Path) -> bytes:
    """The file's lines that hold a byte above 0x7f, up to SAMPLE_BYTES: the only ones that
    tell encodings apart (a report with one ’ in a title is all ASCII but that line)."""
    kept: list[bytes] = []
    size = 0
    with path.open("rb") as raw:
        for text_line in raw:
            if not text_line.isascii():
                kept.append(text_line)
                size += len(text_line)
                if size >= SAMPLE_BYTES:
                    break
    return b"".join(kept)


def _word(sample: bytes, codec: str) -> str:
    """The first non-ASCII word of the sample and what follows it, read as `codec`."""
    first_line = sample.split(b"\n", 1)[0].decode(codec, errors="replace")
    at = next((i for i, char in enumerate(first_line) if not char.isascii()), 0)
    start = max(first_line.rfind(separator, 0, at) for separator in " ,\t") + 1
    return first_line[start:at + 8].strip()


def position_of(path: Path, offset: int) -> tuple[int, int]:
    """(spreadsheet row, text line) of the byte at `offset`; the header is row 1."""
    with path.open("rb") as raw:
        before = raw.read(offset)
    finished = before[: before.rfind(b"\n") + 1].decode("utf-8", errors="replace")
    return records_ended(finished) + 1, before.count(b"\n") + 1


def records_ended(text: str) -> int:
    """How many CSV records (spreadsheet rows) end in `text`: a line break ends one unless
    it sits inside a quoted cell (quotes inside a cell are doubled, so an odd count of
    quotes so far means a cell is still open)."""
    ended = 0
    open_quote = False
    for piece in text.split("\n")[:-1]:
        open_quote ^= piece.count('"') % 2 == 1
        if not open_quote:
            ended += 1
    return ended
