"""Chat, e-mail and SMS providers: tokens that read conversations or send messages as the company."""

from __future__ import annotations

from ....model import Severity
from ..detector import Detector, context, token
from ._build import ALNUM, B64URL, END, HEX, LOWER_NUM, START, UPPER_NUM, fake, prefixed

_SLACK_FIX = (
    "Revoke the token at api.slack.com/apps (or the legacy tokens page) and reinstall the app to issue a new one."
)


def _slack(slug: str, title: str, prefix: str, body: str, example: str) -> Detector:
    return prefixed(
        slug,
        title,
        "Slack",
        prefix,
        body,
        ALNUM,
        0,
        positive=f'SLACK_TOKEN = "{prefix}{example}"',
        negative=f'SLACK_TOKEN = "{prefix}"',
        remediation=_SLACK_FIX,
        severity=Severity.HIGH,
    )


_DIGITS = "0123456789"
_SLACK_EX = fake(11, _DIGITS, "s1") + "-" + fake(12, _DIGITS, "s2") + "-" + fake(24, ALNUM, "s3")

DETECTORS = [
    _slack("slack-bot-token", "Slack bot token", "xoxb-", r"[0-9]{8,14}-[0-9]{8,14}-[A-Za-z0-9]{20,34}", _SLACK_EX),
    _slack(
        "slack-user-token",
        "Slack user token",
        "xoxp-",
        r"[0-9]{8,14}-[0-9]{8,14}-[0-9]{8,14}-[a-f0-9]{28,34}",
        fake(11, _DIGITS, "u1")
        + "-"
        + fake(11, _DIGITS, "u2")
        + "-"
        + fake(12, _DIGITS, "u3")
        + "-"
        + fake(32, HEX, "u4"),
    ),
    _slack(
        "slack-app-token",
        "Slack app-level token",
        "xapp-",
        r"\d-[A-Z0-9]{9,12}-\d{10,14}-[a-f0-9]{60,70}",
        "1-" + fake(11, UPPER_NUM, "a1") + "-" + fake(13, _DIGITS, "a2") + "-" + fake(64, HEX, "a3"),
    ),
    _slack(
        "slack-config-token",
        "Slack configuration token",
        "xoxe.xox",
        r"[bp]-\d-[A-Z0-9]{150,170}",
        "p-1-" + fake(163, UPPER_NUM, "c1"),
    ),
    _slack(
        "slack-refresh-token",
        "Slack refresh token",
        "xoxe-",
        r"\d-[A-Z0-9]{140,150}",
        "1-" + fake(146, UPPER_NUM, "r1"),
    ),
    _slack(
        "slack-legacy-token",
        "Slack legacy workspace token",
        "xox",
        r"[aors]-(?:\d{1,16}-){1,3}[A-Za-z0-9]{16,40}",
        "s-" + _SLACK_EX,
    ),
    token(
        "slack-webhook-url",
        "Slack incoming webhook URL",
        "Slack",
        ("hooks.slack.com/",),
        r"(?P<secret>https?://hooks\.slack\.com/(?:services|workflows|triggers)/[A-Za-z0-9]{8,12}/[A-Za-z0-9]{8,12}/[A-Za-z0-9]{20,30})",
        positive="url = 'https://hooks.slack.com/services/T"
        + fake(8, UPPER_NUM, "w1")
        + "/B"
        + fake(8, UPPER_NUM, "w2")
        + "/"
        + fake(24, ALNUM, "w3")
        + "'",
        negative="url = 'https://hooks.slack.com/services/T000/B000/XXXX'",
        severity=Severity.MEDIUM,
        why="Anyone with an incoming-webhook URL can post messages into the channel: a ready-made phishing channel.",
        remediation=_SLACK_FIX,
    ),
    token(
        "discord-webhook-url",
        "Discord webhook URL",
        "Discord",
        ("/api/webhooks/",),
        r"(?P<secret>https?://(?:ptb\.|canary\.)?discord(?:app)?\.com/api/webhooks/\d{17,20}/[A-Za-z0-9_\-]{60,70})",
        positive="hook = 'https://discord.com/api/webhooks/"
        + fake(18, _DIGITS, "d1")
        + "/"
        + fake(68, B64URL, "d2")
        + "'",
        negative="hook = 'https://discord.com/api/webhooks/123/abc'",
        severity=Severity.MEDIUM,
    ),
    context(
        "discord-bot-token",
        "Discord bot token",
        "Discord",
        r"discord|bot_token",
        r"[MNO][A-Za-z0-9_\-]{23,27}\.[A-Za-z0-9_\-]{6}\.[A-Za-z0-9_\-]{27,40}",
        positive=f'DISCORD_TOKEN = "M{fake(25, ALNUM, "db1")}.{fake(6, ALNUM, "db2")}.{fake(38, B64URL, "db3")}"',
        negative='DISCORD_TOKEN = "MTIz.abc.def"',
        confidence=0.85,
    ),
    token(
        "telegram-bot-token",
        "Telegram bot token",
        "Telegram",
        (":AA",),
        r"(?<![\w:])(?P<secret>\d{8,10}:AA[A-Za-z0-9_\-]{33})" + END,
        positive="BOT_TOKEN = '" + fake(10, _DIGITS, "tg") + ":AA" + fake(33, B64URL, "tg2") + "'",
        negative="time = '12345678:AAAA'",
        why="A Telegram bot token controls the bot: it reads every message sent to it and can message its users.",
        remediation="Revoke it with @BotFather (/revoke) and store the new token outside the code.",
    ),
    token(
        "microsoft-teams-webhook",
        "Microsoft Teams incoming webhook URL",
        "Microsoft Teams",
        ("webhook.office.com",),
        r"(?P<secret>https://[a-z0-9\-]{1,60}\.webhook\.office\.com/webhookb2/[a-f0-9\-]{36}@[a-f0-9\-]{36}/IncomingWebhook/[a-f0-9]{32}/[a-f0-9\-]{36})",
        positive="url='https://acme.webhook.office.com/webhookb2/"
        + fake(36, HEX, "t1")
        + "@"
        + fake(36, HEX, "t2")
        + "/IncomingWebhook/"
        + fake(32, HEX, "t3")
        + "/"
        + fake(36, HEX, "t4")
        + "'",
        negative="url='https://acme.webhook.office.com/webhookb2/'",
        severity=Severity.MEDIUM,
    ),
    token(
        "zapier-webhook-url",
        "Zapier webhook URL",
        "Zapier",
        ("hooks.zapier.com/hooks/catch/",),
        r"(?P<secret>https://hooks\.zapier\.com/hooks/catch/\d{5,10}/[a-z0-9]{5,10}/?)",
        positive="u = 'https://hooks.zapier.com/hooks/catch/"
        + fake(7, _DIGITS, "z")
        + "/"
        + fake(7, LOWER_NUM, "z2")
        + "/'",
        negative="u = 'https://hooks.zapier.com/hooks/catch/'",
        severity=Severity.LOW,
    ),
    prefixed(
        "twilio-api-key",
        "Twilio API key SID",
        "Twilio",
        "SK",
        r"[0-9a-f]{32}",
        HEX,
        32,
        confidence=0.7,
        severity=Severity.MEDIUM,
        keyword="SK",
    ),
    prefixed(
        "twilio-account-sid",
        "Twilio account SID",
        "Twilio",
        "AC",
        r"[0-9a-f]{32}",
        HEX,
        32,
        confidence=0.6,
        min_entropy=3.0,
        severity=Severity.MEDIUM,
        keyword="AC",
        why="An account SID is the user half of Twilio's Basic credentials: with it in the source, the auth token "
        "or API key that pairs with it is usually nearby (in the file, its history or the build).",
        remediation="Check the surrounding code and history for the account's auth token or API key secret, "
        "rotate it if present, and load both from the environment or a secret manager.",
    ),
    context(
        "twilio-auth-token",
        "Twilio auth token",
        "Twilio",
        r"twilio",
        r"[a-f0-9]{32}",
        positive=f'TWILIO_AUTH_TOKEN = "{fake(32, HEX, "twilio")}"',
        negative='TWILIO_AUTH_TOKEN = "your_auth_token"',
        min_entropy=3.0,
        severity=Severity.HIGH,
    ),
    prefixed(
        "sendgrid-api-key",
        "SendGrid API key",
        "Twilio SendGrid",
        "SG.",
        r"[A-Za-z0-9_\-]{22}\.[A-Za-z0-9_\-]{43}",
        B64URL,
        0,
        positive=f'SENDGRID_API_KEY = "SG.{fake(22, B64URL, "sg")}.{fake(43, B64URL, "sg2")}"',
        negative='SENDGRID_API_KEY = "SG.xxx"',
        why="A SendGrid key sends mail as the company's verified domains: phishing that passes SPF and DKIM.",
    ),
    token(
        "mailgun-api-key",
        "Mailgun API key",
        "Mailgun",
        ("key-",),
        rf"{START}(?P<secret>key-[0-9a-f]{{32}}){END}",
        positive=f'MAILGUN_API_KEY = "key-{fake(32, HEX, "mailgun")}"',
        negative='MAILGUN_API_KEY = "key-123"',
    ),
    context(
        "mailgun-private-key",
        "Mailgun private API key",
        "Mailgun",
        r"mailgun",
        r"[a-f0-9]{32}-[a-f0-9]{8}-[a-f0-9]{8}",
        positive=f'MAILGUN_KEY = "{fake(32, HEX, "mg1")}-{fake(8, HEX, "mg2")}-{fake(8, HEX, "mg3")}"',
        negative='MAILGUN_KEY = ""',
    ),
    token(
        "mailchimp-api-key",
        "Mailchimp API key",
        "Mailchimp",
        ("-us",),
        r"(?<![A-Za-z0-9])(?P<secret>[0-9a-f]{32}-us\d{1,2})(?![A-Za-z0-9])",
        positive=f'MAILCHIMP_KEY = "{fake(32, HEX, "mc")}-us14"',
        negative='MAILCHIMP_KEY = "abc-us14"',
    ),
    prefixed(
        "mandrill-api-key",
        "Mailchimp Transactional (Mandrill) key",
        "Mailchimp",
        "md-",
        r"[A-Za-z0-9_\-]{22}",
        B64URL,
        22,
        confidence=0.75,
    ),
    prefixed(
        "brevo-api-key",
        "Brevo (Sendinblue) API key",
        "Brevo",
        "xkeysib-",
        r"[a-f0-9]{64}-[A-Za-z0-9]{16}",
        HEX,
        0,
        positive=f'BREVO = "xkeysib-{fake(64, HEX, "brevo")}-{fake(16, ALNUM, "brevo2")}"',
        negative='BREVO = "xkeysib-"',
    ),
    prefixed(
        "brevo-smtp-key",
        "Brevo SMTP key",
        "Brevo",
        "xsmtpsib-",
        r"[a-f0-9]{64}-[A-Za-z0-9]{16}",
        HEX,
        0,
        positive=f'BREVO_SMTP = "xsmtpsib-{fake(64, HEX, "brevos")}-{fake(16, ALNUM, "brevos2")}"',
        negative='BREVO_SMTP = "xsmtpsib-"',
    ),
    context(
        "postmark-token",
        "Postmark server token",
        "Postmark",
        r"postmark",
        r"[a-f0-9]{8}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{12}",
        positive="POSTMARK_SERVER_TOKEN=" + "-".join(fake(n, HEX, "pm") for n in (8, 4, 4, 4, 12)),
        negative="POSTMARK_SERVER_TOKEN=",
    ),
    context(
        "mailjet-secret",
        "Mailjet API secret",
        "Mailjet",
        r"mailjet|mj_apikey_private",
        r"[a-f0-9]{32}",
        positive=f'MAILJET_API_SECRET = "{fake(32, HEX, "mj")}"',
        negative='MAILJET_API_SECRET = ""',
        min_entropy=3.0,
    ),
    context(
        "vonage-api-secret",
        "Vonage (Nexmo) API secret",
        "Vonage",
        r"vonage|nexmo",
        r"[A-Za-z0-9]{16}",
        positive=f'NEXMO_API_SECRET = "{fake(16, ALNUM, "nexmo")}"',
        negative='NEXMO_API_SECRET = ""',
        min_entropy=3.3,
    ),
    context(
        "messagebird-key",
        "MessageBird access key",
        "MessageBird",
        r"messagebird|message_bird",
        r"[A-Za-z0-9]{25}",
        positive=f'MESSAGEBIRD_ACCESS_KEY = "{fake(25, ALNUM, "mb")}"',
        negative='MESSAGEBIRD_ACCESS_KEY = ""',
        min_entropy=3.3,
    ),
    context(
        "pusher-secret",
        "Pusher app secret",
        "Pusher",
        r"pusher",
        r"[a-f0-9]{20}",
        positive=f'PUSHER_APP_SECRET = "{fake(20, HEX, "pusher")}"',
        negative='PUSHER_APP_SECRET = ""',
        min_entropy=3.0,
        severity=Severity.MEDIUM,
    ),
    context(
        "intercom-token",
        "Intercom access token",
        "Intercom",
        r"intercom",
        r"dG9rOi[A-Za-z0-9+/=_\-]{40,80}",
        positive=f'INTERCOM_TOKEN = "dG9rOi{fake(54, ALNUM, "intercom")}="',
        negative='INTERCOM_TOKEN = "dG9rOi"',
    ),
    context(
        "line-channel-secret",
        "LINE channel access token",
        "LINE",
        r"line_channel|channel_access_token|linebot",
        r"[A-Za-z0-9+/]{150,180}=",
        positive=f'LINE_CHANNEL_ACCESS_TOKEN = "{fake(171, ALNUM, "line")}="',
        negative='LINE_CHANNEL_ACCESS_TOKEN = ""',
    ),
    token(
        "firebase-cloud-messaging-key",
        "Firebase Cloud Messaging server key",
        "Google Firebase",
        (":APA91b",),
        r"(?P<secret>AAAA[A-Za-z0-9_\-]{7}:APA91b[A-Za-z0-9_\-]{120,140})" + END,
        positive=f'FCM_KEY = "AAAA{fake(7, B64URL, "fcm")}:APA91b{fake(134, B64URL, "fcm2")}"',
        negative='FCM_KEY = "AAAAabc:APA91b"',
    ),
    token(
        "facebook-access-token",
        "Facebook / Meta access token",
        "Meta",
        ("EAA",),
        # User, page and app tokens all start `EAA` + one character; `EAAA` is Square's prefix (commerce.py).
        rf"{START}(?P<secret>EA(?:ACEdEose0cBA|A[B-Za-z0-9])[A-Za-z0-9]{{60,250}}){END}",
        positive=f'FB_TOKEN = "EAAJ{fake(150, ALNUM, "fb")}"',
        negative='FB_TOKEN = "EAAB"',
        min_entropy=4.0,
    ),
    token(
        "instagram-access-token",
        "Instagram access token",
        "Meta",
        ("IGQV", "IGAA"),
        # `IGQV…` (Basic Display / older Graph tokens) and `IGAA…` (Instagram API with Instagram Login).
        rf"{START}(?P<secret>IG(?:QV|AA)[A-Za-z0-9_\-]{{100,400}}){END}",
        positive=f'INSTAGRAM_ACCESS_TOKEN = "IGQVJ{fake(180, B64URL, "instagram")}"',
        negative="https://graph.instagram.com/me/media?fields=id,caption&access_token=IGQVJ...",
        min_entropy=4.0,
        why="An Instagram user access token reads the account's media and profile and, with publishing permissions, "
        "posts and answers messages as the account for up to 60 days.",
        remediation="Remove the app's access in the account's settings (Apps and websites) or reset the app secret, "
        "and exchange tokens on a server instead of storing them in code.",
        docs="https://developers.facebook.com/docs/instagram-platform/reference/access_token/",
    ),
    context(
        "facebook-app-secret",
        "Facebook / Meta app secret",
        "Meta",
        r"facebook|fb_app_secret|fb_secret",
        r"[a-f0-9]{32}",
        positive=f'FACEBOOK_APP_SECRET = "{fake(32, HEX, "fbsecret")}"',
        negative='FACEBOOK_APP_SECRET = ""',
        min_entropy=3.0,
    ),
    token(
        "twitter-bearer-token",
        "X (Twitter) API bearer token",
        "X (Twitter)",
        ("AAAAAAAAAAAAAAAAAAAAA",),
        # Not inside a longer base64 run: zero bytes in any encoded binary read as `AAAA…`.
        r"(?<![A-Za-z0-9+/=%])(?P<secret>AAAAAAAAAAAAAAAAAAAAA[A-Za-z0-9%]{80,130})" + END,
        positive=f'BEARER = "AAAAAAAAAAAAAAAAAAAAA{fake(90, ALNUM, "tw")}"',
        negative='BEARER = "AAAAAAAAAAAAAAAAAAAAAA"',
        placeholder_check=False,
        anchor="keyword",
    ),
    context(
        "twitter-api-secret",
        "X (Twitter) API secret",
        "X (Twitter)",
        r"twitter|consumer_secret|access_token_secret",
        r"[A-Za-z0-9]{45,50}",
        positive=f'TWITTER_CONSUMER_SECRET = "{fake(50, ALNUM, "twsecret")}"',
        negative='TWITTER_CONSUMER_SECRET = ""',
        min_entropy=3.5,
    ),
    context(
        "linkedin-client-secret",
        "LinkedIn client secret",
        "LinkedIn",
        r"linkedin",
        r"[A-Za-z0-9]{16}",
        positive=f'LINKEDIN_CLIENT_SECRET = "{fake(16, ALNUM, "li")}"',
        negative='LINKEDIN_CLIENT_SECRET = ""',
        min_entropy=3.3,
    ),
    context(
        "twitch-api-token",
        "Twitch API token",
        "Twitch",
        r"twitch",
        r"[a-z0-9]{30}",
        positive=f'TWITCH_CLIENT_SECRET = "{fake(30, LOWER_NUM, "twitch")}"',
        negative='TWITCH_CLIENT_SECRET = ""',
        min_entropy=3.5,
    ),
    context(
        "zoom-api-secret",
        "Zoom API / SDK secret",
        "Zoom",
        r"zoom",
        r"[A-Za-z0-9]{32,36}",
        positive=f'ZOOM_CLIENT_SECRET = "{fake(32, ALNUM, "zoom")}"',
        negative='ZOOM_CLIENT_SECRET = ""',
        min_entropy=3.5,
    ),
    context(
        "sendbird-token",
        "Sendbird API token",
        "Sendbird",
        r"sendbird",
        r"[a-f0-9]{40}",
        positive=f'SENDBIRD_API_TOKEN = "{fake(40, HEX, "sendbird")}"',
        negative='SENDBIRD_API_TOKEN = ""',
        min_entropy=3.0,
    ),
    prefixed(
        "nylas-api-key",
        "Nylas API key",
        "Nylas",
        "nyk_v0_",
        r"[A-Za-z0-9]{60,70}",
        ALNUM,
        64,
        severity=Severity.HIGH,
        why="A Nylas API key reaches every mailbox, calendar and contact list connected to the application (all "
        "grants): read, send and delete mail as those users.",
        remediation="Delete the key in the Nylas Dashboard (API Keys), generate a new one with an expiry, and keep "
        "it on the server side only.",
        docs="https://developer.nylas.com/docs/v3/getting-started/dashboard/",
    ),
]
