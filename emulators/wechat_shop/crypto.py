"""Message-push security: SHA-1 signatures and AES-256-CBC safe mode
(docs/platforms/wechat-shop.md#message-push)."""

from __future__ import annotations

import base64
import hashlib
import os
import struct

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

BLOCK = 32  # PKCS#7 padding block size used by WeChat (not the AES block size of 16)


def signature(*parts: str) -> str:
    """sha1 of the lexicographically sorted parts, concatenated (token, timestamp, nonce[, Encrypt])."""
    return hashlib.sha1("".join(sorted(parts)).encode()).hexdigest()


def aes_key(encoding_aes_key: str) -> bytes:
    key = base64.b64decode(encoding_aes_key + "=")
    if len(key) != 32:
        raise ValueError("EncodingAESKey must be 43 characters that decode to 32 bytes")
    return key


def encrypt(plaintext: bytes, encoding_aes_key: str, receive_id: str, random16: bytes | None = None) -> str:
    """random(16) || len(be32) || msg || receive_id, PKCS#7 to 32, AES-256-CBC IV=key[:16], base64."""
    key = aes_key(encoding_aes_key)
    prefix = random16 if random16 is not None else os.urandom(16)
    raw = prefix + struct.pack(">I", len(plaintext)) + plaintext + receive_id.encode()
    pad = BLOCK - len(raw) % BLOCK
    raw += bytes([pad]) * pad
    enc = Cipher(algorithms.AES(key), modes.CBC(key[:16])).encryptor()
    return base64.b64encode(enc.update(raw) + enc.finalize()).decode()


def decrypt(ciphertext_b64: str, encoding_aes_key: str) -> tuple[bytes, str]:
    """Inverse of ``encrypt``; returns (msg, receive_id). Used by the emulator's own checks."""
    key = aes_key(encoding_aes_key)
    dec = Cipher(algorithms.AES(key), modes.CBC(key[:16])).decryptor()
    raw = dec.update(base64.b64decode(ciphertext_b64)) + dec.finalize()
    pad = raw[-1]
    if not 1 <= pad <= BLOCK:
        raise ValueError("bad padding")
    raw = raw[:-pad]
    (length,) = struct.unpack(">I", raw[16:20])
    return raw[20 : 20 + length], raw[20 + length :].decode()
