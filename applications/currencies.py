"""Which salary currencies exist: one list for the form, the API, the importer and the admin."""

from __future__ import annotations

# Active ISO 4217 codes: a typo such as "USS" is refused instead of being stored forever.
ISO_CURRENCIES = frozenset(
    """
    AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BRL BSD BTN BWP
    BYN BZD CAD CDF CHF CLP CNY COP CRC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP
    GEL GHS GIP GMD GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR
    KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK
    MXN MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR RON RSD RUB RWF SAR
    SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS
    UAH UGX USD UYU UZS VES VND VUV WST XAF XCD XCG XOF XPF YER ZAR ZMW ZWG
    """.split()  # noqa: SIM905 (a word block reads better than 160 quoted codes)
)

CURRENCY_ERROR = "Use a three-letter ISO currency code such as USD, EUR or GBP."


def normalise_currency(code: str | None) -> str:
    return (code or "").strip().upper()


def currency_error(code: str) -> str | None:
    """Why `code` (normalised) is not a currency; None when it is one or is empty."""
    # A code longer than three letters already fails the field's max_length: one reason.
    if code and len(code) <= 3 and code not in ISO_CURRENCIES:
        return f"{CURRENCY_ERROR} “{code[:10]}” is not one."
    return None
