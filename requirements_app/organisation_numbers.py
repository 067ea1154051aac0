"""Swedish organisationsnummer: ten digits written NNNNNN-NNNN, the last a
check digit by the Luhn algorithm, as Skatteverket assigns them (a sole
trader's personnummer, used as its organisationsnummer, has the same form).

The same check twice: in Python, and as a spreadsheet formula for the
svarsmall's data validation. Pure: imports no models."""

import re

FORMAT = re.compile(r"\d{6}-\d{4}")


def is_valid(text):
    """Whether `text` is NNNNNN-NNNN with a correct check digit."""
    if not FORMAT.fullmatch(text or ""):
        return False
    digits = [int(c) for c in text.replace("-", "")]
    total = 0
    for index, digit in enumerate(digits):
        product = digit * (2 if index % 2 == 0 else 1)
        total += product - 9 if product > 9 else product
    return total % 10 == 0


def spreadsheet_check(cell):
    """A formula (for Excel and LibreOffice data validation, at most 255
    characters and without array constants) true when `cell` holds a valid
    organisationsnummer: the same Luhn sum as `is_valid`, over ROW(1:10)."""
    digit = f'--MID(SUBSTITUTE({cell},"-",""),ROW($1:$10),1)'
    product = f"{digit}*(1+MOD(ROW($1:$10),2))"  # weights 2,1,2,1,… from the first digit
    return (f'AND(LEN({cell})=11,MID({cell},7,1)="-",'
            f"MOD(SUMPRODUCT({product}-9*({product}>9)),10)=0)")
