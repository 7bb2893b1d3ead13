"""Credentials published as examples in standards and famous docs: public, never anyone's secret.

RFC 6749's `2YotnFZ…` access token or jwt.io's sample token turn up in every OAuth library's
docstrings and tests; reporting them teaches users to ignore the tool. Stored as SHA-256 digests
of the exact values, so the repository holds no credential-shaped literal and a value that differs
by one character (a real token) is still reported.
"""

from __future__ import annotations

import hashlib

KNOWN_EXAMPLE_DIGESTS = frozenset(
    [
        "6c96130f130ab0d6d158397e24d2bcc1c9a5e73ae081f6e983f1c7b545d24a4c",  # RFC 6749 4.1.4/5.1 access token
        "00cf4c781dc37003f7c7dd7d4c9a6ef1e0f4c62d9a291aa8bc398774e3fefd32",  # RFC 6749 5.1 refresh token
        "a35b81a7d7927b70ec99270dd2362b88580a28574af812f2c02f56469579186f",  # RFC 6749 4.1.3 authorization code
        "53f5da0aaa93d64cd5772c554cbf940f0539e689dddbeb8f923eec3f72c02ea9",  # RFC 6749 2.3.1 client secret
        "ca7459e2b26776de081b9a07e40227fd6cff232a1e3233ff6b6aa6d036ca9981",  # RFC 6749 2.3.1 Basic client credentials
        "b8e148545b13c78bc74da2f1a7275dd71e56ddece129d7d2f7b3ecc06f7994da",  # RFC 6750 2.1 bearer token
        "cb87c87e4a138d9a72259d2a01bab15623c9846e568c1509b287721645a6ea53",  # RFC 5849 1.2 client secret
        "293257ab6495ebb11cf9e4aee0686ca30df8de2ab8d251f2cbbcf177bdfcae91",  # RFC 5849 1.2 client identifier
        "4c20e6f5cc11b93731e74cbe20739821d61c3563c9f50ecb884a27cd369f01fb",  # RFC 5849 1.2 temporary credentials
        "6aa14267d94944e6b6483c81f5ad37f87bbc7e88aa368d4aba1e71e0b79cd8c4",  # RFC 5849 1.2 temporary secret
        "5586407997f5e8492fa0d6d310460386c80cc3542de6c876f75582bc219d4b82",  # RFC 5849 1.2 verifier
        "bb9b1163338b2a51495834ad5c65420443d6327381cf0f94ebf92b117f209d72",  # RFC 5849 1.2 token
        "649e1f5c769e718ba10d1a702a36499a731441d960b06da91c4c97786bf84595",  # RFC 5849 1.2 token secret
        "80f8b7c904d4a43f3b7036db73247daafe15b3f647b337d19031ff67b7c1a177",  # RFC 5849 3.1 client identifier
        "8d567eb88afff34f31ab97fbb2731e582703bdeaf3c92b989cf568e0b23cef31",  # RFC 5849 3.5.1 client identifier
        "9d03b692e941d5ace207a9f8048834439f6de98e5c6c1590c22c4f4577c88a42",  # RFC 5849 3.5.1 token
        "c20fbc2b96183894fb46187909d02afbef5b1b56398ece2a653745dbfb407553",  # RFC 5849 3.4.1.1 secret
        "b87dad10a32a2d81aa2e36e31e258b36ac0c3b07d1c1d5837185e206e17e3a06",  # RFC 5849 3.4.1.1 secret
        "7f75367e7881255134e1375e723d1dea8ad5f6a4fdb79d938df1f1754a830606",  # jwt.io sample token
        "bf145d9380bbe05bdc1a72525796b224f8a8c93ae0e9e102eafbc255ac1af9e8",  # PyJWT README token
        "2cafc0970149a84f3b9e62eaf169f36f59907a3b3e31f7b82e68c69cd27f7326",  # Stripe API reference test-mode key
        "3543c50b0cb9cea8e55eb1f529b79f043cb250d485fde7b66cabbb5183add7da",  # GitHub docs token example
        "8e0628300c16fe3834b3b87d23e352618a27b0ca9973abd52cfc92abfc7667e3",  # X/Twitter OAuth 1.0a docs consumer key
        "00b3dc640c9c99fcdbdab6f63d785248e4613fbaa65d63c56d97e54f987c3bab",  # X/Twitter OAuth 1.0a docs consumer secret
        "0e04efa6bc7d2d512fc108c5ba4215c42a7d4674301511c5d18f2e2885d45f35",  # X/Twitter OAuth 1.0a docs token
        "5aac38e542b76b97b3518c0293214d0b8aa11344e38518437f7dd44da0b521c3",  # X/Twitter OAuth 1.0a docs token secret
    ]
)


def is_known_example(value: bytes) -> bool:
    return hashlib.sha256(value).hexdigest() in KNOWN_EXAMPLE_DIGESTS
