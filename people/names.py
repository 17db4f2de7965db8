"""Names in several scripts: folding for matching, and telling the script apart."""

import unicodedata

from anyascii import anyascii

SCRIPT_PREFIXES = (
    ("CYRILLIC", "cyrillic"),
    ("LATIN", "latin"),
    ("ARABIC", "arabic"),
    ("CJK", "han"),
    ("GREEK", "greek"),
)


def fold_name(name: str) -> str:
    """A spelling-insensitive key: Серикжан Билаш, Serikzhan Bilash and SERIKZHAN BILASH meet here."""
    ascii_text = anyascii(unicodedata.normalize("NFKC", name)).lower()
    words = "".join(ch if ch.isalnum() else " " for ch in ascii_text).split()
    return " ".join(words)


def detect_script(name: str) -> str:
    counts: dict[str, int] = {}
    for ch in name:
        if not ch.isalpha():
            continue
        char_name = unicodedata.name(ch, "")
        for prefix, script in SCRIPT_PREFIXES:
            if char_name.startswith(prefix):
                counts[script] = counts.get(script, 0) + 1
                break
        else:
            counts["other"] = counts.get("other", 0) + 1
    return max(counts, key=counts.get) if counts else "other"
