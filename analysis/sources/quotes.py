"""Does a quoted sentence contain a number? The written forms of a published value.

Used to check each curated row: its ``quote`` must contain its ``value`` as written there
('3.81' as '3.810', '50000' as '50,000', rank 4 as '4th' or 'fourth', 20 percent as 'a fifth').
"""

from __future__ import annotations

import re

ORDINALS = {
    1: "first",
    2: "second",
    3: "third",
    4: "fourth",
    5: "fifth",
    6: "sixth",
    7: "seventh",
    8: "eighth",
    9: "ninth",
    10: "tenth",
}
CARDINALS = {
    1: "one",
    2: "two",
    3: "three",
    4: "four",
    5: "five",
    6: "six",
    7: "seven",
    8: "eight",
    9: "nine",
    10: "ten",
    11: "eleven",
    12: "twelve",
}
FRACTIONS = {
    10: ("a tenth",),
    20: ("a fifth", "one fifth", "one-fifth"),
    25: ("a quarter", "one quarter"),
    50: ("half",),
}  # percent values only


def number_forms(value_text: str, unit: str) -> list[str]:
    """Return the ways ``value_text`` may be written in a sentence ('50000' -> '50000', '50,000')."""
    whole, _, frac = value_text.lstrip("-").partition(".")
    sign = "-" if value_text.startswith("-") else ""
    trimmed = frac.rstrip("0")
    digits = {value_text, sign + whole + ("." + trimmed if trimmed else "")}
    digits |= {sign + f"{int(whole):,}" + ("." + f if f else "") for f in {frac, trimmed}}
    number = float(value_text)
    if unit == "rank" and number.is_integer():
        n = int(number)
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(n % 10 if n % 100 not in (11, 12, 13) else 0, "th")
        return [f"{n}{suffix}"] + ([ORDINALS[n]] if n in ORDINALS else [])
    words = []
    if number.is_integer():
        words += [CARDINALS[int(number)]] if int(number) in CARDINALS else []
        words += list(FRACTIONS.get(int(number), ())) if unit == "percent" else []
    return sorted(digits) + words


_URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)


def quote_has_number(quote: str, value_text: str, unit: str) -> bool:
    """True when one written form of ``value_text`` occurs in ``quote`` as a whole number or word.

    A whole token only: not inside a label such as 'FY12' or a longer number, not inside a web
    address, and with its sign (12 is not found in '-12' nor -12 in '12').
    """
    text = _URL.sub(" ", quote)
    for form in number_forms(value_text, unit):
        if form[-1].isdigit():  # trailing zeros may follow: 3.81 ~ '3.810', 400 ~ '400.0'
            zeros = r"0*" if "." in form else r"(?:\.0+)?"
            sign = "" if form.startswith("-") else r"(?<!(?<![\w])[-\u2212])"  # not after a minus sign
            pattern = r"(?<![\w.,])(?<!\d[.,])" + sign + re.escape(form) + zeros + r"(?!\d)(?![.,]\d)"
        else:
            pattern = r"(?<![\w-])" + re.escape(form) + r"\b"
        if re.search(pattern, text, flags=re.IGNORECASE):
            return True
    return False
