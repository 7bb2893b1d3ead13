"""Payments and commerce: keys that move money or expose customers' payment data."""

from __future__ import annotations

from ....model import Severity
from ..detector import context, token
from ._build import ALNUM, B64URL, END, HEX, LOWER_NUM, START, fake, prefixed

_WHY = "A live payment key can issue charges and refunds, read customers' payment data and change payouts."


def _stripe(slug: str, title: str, prefix: str, severity: Severity) -> object:
    return prefixed(slug, title, "Stripe", prefix, r"[A-Za-z0-9]{20,247}", ALNUM, 99, severity=severity, why=_WHY,
                    negative=f'STRIPE_KEY = "{prefix}{fake(8, ALNUM, slug)}"',
                    remediation="Roll the key in the Stripe dashboard (Developers > API keys), use restricted keys with "
                    "the least permissions, and keep keys in the server's secret store.")


DETECTORS = [
    _stripe("stripe-live-secret-key", "Stripe live secret key", "sk_live_", Severity.CRITICAL),
    _stripe("stripe-test-secret-key", "Stripe test secret key", "sk_test_", Severity.LOW),
    _stripe("stripe-live-restricted-key", "Stripe live restricted key", "rk_live_", Severity.HIGH),
    _stripe("stripe-test-restricted-key", "Stripe test restricted key", "rk_test_", Severity.LOW),
    prefixed("stripe-webhook-secret", "Stripe webhook signing secret", "Stripe", "whsec_", r"[A-Za-z0-9+/=]{32,64}", ALNUM, 32, severity=Severity.MEDIUM),
    token(
        "braintree-access-token",
        "PayPal Braintree access token",
        "PayPal Braintree",
        ("access_token$",),
        rf"{START}(?P<secret>access_token\$(?:production|sandbox)\$[a-z0-9]{{16}}\$[a-f0-9]{{32}}){END}",
        positive="BT = 'access_token$production$" + fake(16, LOWER_NUM, "bt") + "$" + fake(32, HEX, "bt2") + "'",
        negative="BT = 'access_token$production$'",
        severity=Severity.CRITICAL,
        why=_WHY,
    ),
    context("paypal-client-secret", "PayPal REST client secret", "PayPal", r"paypal", r"E[A-Za-z0-9_\-]{79}",
            positive=f'PAYPAL_CLIENT_SECRET = "E{fake(79, B64URL, "paypal")}"', negative='PAYPAL_CLIENT_SECRET = "E..."', severity=Severity.CRITICAL, why=_WHY),
    prefixed("square-access-token", "Square access token", "Square", "sq0atp-", r"[A-Za-z0-9_\-]{22}", B64URL, 22, severity=Severity.CRITICAL, why=_WHY),
    prefixed("square-oauth-secret", "Square OAuth secret", "Square", "sq0csp-", r"[A-Za-z0-9_\-]{43}", B64URL, 43, severity=Severity.CRITICAL, why=_WHY),
    prefixed("square-production-token", "Square production access token", "Square", "EAAA", r"[A-Za-z0-9_\-+=]{60}", B64URL, 60, confidence=0.75, why=_WHY),
    prefixed("razorpay-key", "Razorpay live key ID", "Razorpay", "rzp_live_", r"[A-Za-z0-9]{14}", ALNUM, 14, severity=Severity.MEDIUM),
    prefixed("flutterwave-secret-key", "Flutterwave secret key", "Flutterwave", "FLWSECK-", r"[a-f0-9]{32}-X", HEX, 0,
             positive='FLW_SECRET = "FLWSECK-' + fake(32, HEX, "flw") + '-X"', negative='FLW_SECRET = "FLWSECK-"', why=_WHY),
    prefixed("flutterwave-encryption-key", "Flutterwave encryption key", "Flutterwave", "FLWSECK_TEST", r"[a-h0-9]{12}", HEX, 12, severity=Severity.LOW),
    context("paystack-secret-key", "Paystack secret key", "Paystack", r"paystack", r"sk_(?:live|test)_[a-f0-9]{40}",
            positive=f'PAYSTACK_SECRET_KEY = "sk_live_{fake(40, HEX, "paystack")}"', negative='PAYSTACK_SECRET_KEY = ""', severity=Severity.CRITICAL, why=_WHY,
            kind="token", confidence=0.92),
    prefixed("shopify-access-token", "Shopify Admin API access token", "Shopify", "shpat_", r"[a-fA-F0-9]{32}", HEX, 32, severity=Severity.CRITICAL),
    prefixed("shopify-custom-app-token", "Shopify custom app access token", "Shopify", "shpca_", r"[a-fA-F0-9]{32}", HEX, 32),
    prefixed("shopify-private-app-token", "Shopify private app access token", "Shopify", "shppa_", r"[a-fA-F0-9]{32}", HEX, 32),
    prefixed("shopify-shared-secret", "Shopify app shared secret", "Shopify", "shpss_", r"[a-fA-F0-9]{32}", HEX, 32),
    prefixed("coinbase-commerce-key", "Coinbase Commerce / CDP API key", "Coinbase", "organizations/", r"[a-f0-9\-]{36}/apiKeys/[a-f0-9\-]{36}", HEX, 0,
             positive='name = "organizations/' + fake(36, HEX, "cb") + "/apiKeys/" + fake(36, HEX, "cb2") + '"', negative='name = "organizations/x/apiKeys/y"',
             severity=Severity.MEDIUM, confidence=0.7),
    prefixed("shippo-api-token", "Shippo API token", "Shippo", "shippo_", r"(?:live|test)_[a-f0-9]{40}", HEX, 0,
             positive='SHIPPO_KEY = "shippo_live_' + fake(40, HEX, "shippo") + '"', negative='SHIPPO_KEY = "shippo_live_"'),
    prefixed("easypost-api-key", "EasyPost API key", "EasyPost", "EZAK", r"[a-zA-Z0-9]{54}", ALNUM, 54),
    prefixed("duffel-api-token", "Duffel API token", "Duffel", "duffel_", r"(?:test|live)_[A-Za-z0-9_\-=]{43}", B64URL, 0,
             positive='DUFFEL = "duffel_live_' + fake(43, B64URL, "duffel") + '"', negative='DUFFEL = "duffel_live_"'),
    context("plaid-secret", "Plaid secret", "Plaid", r"plaid", r"[a-f0-9]{30}",
            positive=f'PLAID_SECRET = "{fake(30, HEX, "plaid")}"', negative='PLAID_SECRET = ""', min_entropy=3.0, why=_WHY),
    context("adyen-api-key", "Adyen API key", "Adyen", r"adyen", r"AQE[A-Za-z0-9+/=_\-]{80,200}",
            positive=f'ADYEN_API_KEY = "AQE{fake(120, ALNUM, "adyen")}"', negative='ADYEN_API_KEY = "AQE"', severity=Severity.CRITICAL, why=_WHY),
    context("gocardless-token", "GoCardless access token", "GoCardless", r"gocardless", r"live_[A-Za-z0-9_\-=]{40}",
            positive=f'GOCARDLESS_TOKEN = "live_{fake(40, B64URL, "gc")}"', negative='GOCARDLESS_TOKEN = "live_"', why=_WHY),
]
