"""Secrets of the room: voter codes, voter tokens and the facilitator PIN.

Everything here comes from :mod:`secrets`. A *code* is short enough to read off a card and type
on the laptop (6 characters from an alphabet without look-alikes: 26^6 ≈ 3·10^8 per round, and
a station locks after three wrong tries); a *token* is long enough to sit in a link that anyone
on the room's network could try to guess (144 bits). The facilitator PIN is kept only as a salted
scrypt hash. None of these is ever printed to a log, an export or a projectable screen.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

# Letters and digits that cannot be mistaken for each other when read aloud or off a card.
CODE_ALPHABET = "ACDEFGHJKLMNPQRTUVWXY34679"
CODE_LENGTH = 6
TOKEN_BYTES = 18  # 144 bits, 24 URL-safe characters
PIN_DIGITS = (4, 12)
# scrypt's cost: ~50 ms on a laptop, so a stolen trip file does not give a PIN away cheaply.
_N, _R, _P = 2**14, 8, 1


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def normalise_code(code: str) -> str:
    """``kx4-7mp `` → ``KX47MP``: case, spaces and dashes do not matter when typing a code."""
    return "".join(ch for ch in (code or "").upper() if ch.isalnum())


def show_code(code: str) -> str:
    """A code as printed on a card, in two halves: ``KX4 7MP``."""
    half = len(code) // 2
    return f"{code[:half]} {code[half:]}"


def same(a: str, b: str) -> bool:
    """Compare two secrets in constant time."""
    return hmac.compare_digest(a.encode("utf-8"), b.encode("utf-8"))


def pin_problem(pin: str) -> str | None:
    """The key of what is wrong with a new PIN (for :func:`t`), None when it is fine."""
    if not pin.isdigit() or not PIN_DIGITS[0] <= len(pin) <= PIN_DIGITS[1]:
        return "ranking.pin.rule"
    return None


def hash_pin(pin: str) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(pin.encode("utf-8"), salt=salt, n=_N, r=_R, p=_P, dklen=32)
    return f"scrypt${_N}${_R}${_P}${salt.hex()}${digest.hex()}"


def check_pin(pin: str, stored: str) -> bool:
    try:
        name, n, r, p, salt, digest = stored.split("$")
        if name != "scrypt":
            return False
        trial = hashlib.scrypt(pin.encode("utf-8"), salt=bytes.fromhex(salt), n=int(n),
                               r=int(r), p=int(p), dklen=len(digest) // 2)
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(trial.hex(), digest)
