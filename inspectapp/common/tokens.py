"""Random tokens for public URLs (never sequential ids)."""
import secrets

#: 16 bytes = 128 bits of entropy, 22 URL-safe characters.
TOKEN_BYTES = 16


def new_token():
    return secrets.token_urlsafe(TOKEN_BYTES)
