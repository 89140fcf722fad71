"""Message-push crypto (docs/platforms/wechat-shop.md#message-push): SHA-1 signatures and AES-256-CBC framing.

Plaintext layout: ``random(16) || len(msg) as 4-byte big-endian || msg || receive_id``, PKCS#7-padded
to a multiple of 32 bytes, encrypted with AES-256-CBC, key = base64(EncodingAESKey + "="), IV = key[:16].
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
import struct

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from shared.wechat.errors import EventDecryptError

PAD_BLOCK = 32


def aes_key(encoding_aes_key: str) -> bytes:
    """The 32-byte AES key from a 43-character EncodingAESKey."""
    if len(encoding_aes_key) != 43 or not encoding_aes_key.isalnum() or not encoding_aes_key.isascii():
        raise ValueError("EncodingAESKey must be 43 characters of [A-Za-z0-9]")
    key = base64.b64decode(encoding_aes_key + "=")
    if len(key) != 32:
        raise ValueError("EncodingAESKey does not decode to 32 bytes")
    return key


def sha1_signature(*parts: str) -> str:
    """Hex SHA-1 of the lexicographically sorted, concatenated parts."""
    return hashlib.sha1("".join(sorted(parts)).encode()).hexdigest()


def signature_matches(expected_parts: tuple[str, ...], given: str) -> bool:
    """Constant-time comparison of a signature against the one computed from ``expected_parts``."""
    return hmac.compare_digest(sha1_signature(*expected_parts), given.strip().lower())


def _pkcs7_pad(data: bytes) -> bytes:
    pad = PAD_BLOCK - len(data) % PAD_BLOCK
    return data + bytes([pad]) * pad


def _pkcs7_unpad(data: bytes) -> bytes:
    if not data:
        raise EventDecryptError(None, "empty plaintext")
    pad = data[-1]
    if not 1 <= pad <= PAD_BLOCK or data[-pad:] != bytes([pad]) * pad:
        raise EventDecryptError(None, "bad padding")
    return data[:-pad]


def encrypt(message: bytes, key: bytes, receive_id: str, random16: bytes | None = None) -> str:
    """Encrypt ``message`` the way the platform does (used by tests and tools)."""
    prefix = os.urandom(16) if random16 is None else random16
    if len(prefix) != 16:
        raise ValueError("random prefix must be 16 bytes")
    plain = _pkcs7_pad(prefix + struct.pack(">I", len(message)) + message + receive_id.encode())
    encryptor = Cipher(algorithms.AES(key), modes.CBC(key[:16])).encryptor()
    return base64.b64encode(encryptor.update(plain) + encryptor.finalize()).decode("ascii")


def decrypt(ciphertext_b64: str, key: bytes) -> tuple[bytes, str]:
    """Decrypt an ``Encrypt`` value; return ``(message, receive_id)``.

    Raises :class:`EventDecryptError` for bad base64, a length that is not whole blocks, bad padding or
    an inconsistent length field (which is what a wrong key produces).
    """
    try:
        raw = base64.b64decode(ciphertext_b64, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise EventDecryptError(None, "Encrypt is not base64") from exc
    if not raw or len(raw) % 16:
        raise EventDecryptError(None, "ciphertext is not whole AES blocks")
    decryptor = Cipher(algorithms.AES(key), modes.CBC(key[:16])).decryptor()
    plain = _pkcs7_unpad(decryptor.update(raw) + decryptor.finalize())
    if len(plain) < 20:
        raise EventDecryptError(None, "plaintext too short")
    (length,) = struct.unpack(">I", plain[16:20])
    if 20 + length > len(plain):
        raise EventDecryptError(None, "length field exceeds plaintext")
    message = plain[20 : 20 + length]
    try:
        receive_id = plain[20 + length :].decode("utf-8")
    except UnicodeDecodeError as exc:
        raise EventDecryptError(None, "receive id is not text") from exc
    return message, receive_id
