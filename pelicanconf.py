"""Pelican settings for local builds of Take It Offline.

Every setting the project adds (PLANET_*, GATHERINGS_*, SITE_*) is documented in
docs/settings.md; plugin defaults live in each plugin's settings.py.
"""

import os

AUTHOR = "Take It Offline contributors"
SITENAME = "Take It Offline"
SITE_TAGLINE = "From the feed to the coffee table: essays, blogs and gatherings"
SITE_DESCRIPTION = (
    "Essays, members' blogs and in-person gatherings for people who met online "
    "and want to meet for real."
)
# Local builds are served by `make serve` on this address; override with SITEURL=...
SITEURL = os.environ.get("SITEURL", "http://127.0.0.1:8000")
RELATIVE_URLS = False

PATH = "content"
ARTICLE_PATHS = ["essays"]
PAGE_PATHS = ["pages"]
# robots.txt is a template page (it needs SITEURL for the sitemap line), so only the
# favicon is copied from extra/ as a static file.
STATIC_PATHS = ["images", "extra/favicon.svg"]
EXTRA_PATH_METADATA = {
    "extra/favicon.svg": {"path": "favicon.svg"},
}
# members/ and gatherings/ hold YAML read by our own plugins, never by Pelican's readers.
IGNORE_FILES = [".#*", "*.yaml", "*.yml"]

THEME = "theme"
# Header navigation: (label, path relative to SITEURL). The entry whose path starts the
# current page's URL is marked aria-current="page".
SITE_NAV = [
    ("Essays", "essays/"),
    ("Planet", "planet/"),
    ("Calendar", "calendar/"),
    ("Members", "members/"),
    ("About", "about/"),
]
# Image used for Open Graph / Twitter cards when a page has none of its own.
SITE_SOCIAL_IMAGE = "theme/img/card.png"
TIMEZONE = "UTC"
DEFAULT_LANG = "en"
DEFAULT_DATE_FORMAT = "%-d %B %Y"
DEFAULT_PAGINATION = 10
SUMMARY_MAX_LENGTH = 60

PLUGIN_PATHS = ["plugins"]
PLUGINS = ["sitewide", "essays", "sitemap", "neighbors", "planet", "gatherings"]

SITEMAP = {
    "format": "xml",
    # The 404 page is for people who took a wrong turn, robots.txt for crawlers: neither is a page.
    "exclude": [r"^404\.html$", r"^robots\.txt$"],
    "priorities": {"articles": 0.7, "indexes": 0.5, "pages": 0.6},
    "changefreqs": {"articles": "monthly", "indexes": "daily", "pages": "monthly"},
}

# Clean URLs: every page is a folder with an index.html.
ARTICLE_URL = "essays/{slug}/"
ARTICLE_SAVE_AS = "essays/{slug}/index.html"
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
CATEGORY_URL = "categories/{slug}/"
CATEGORY_SAVE_AS = "categories/{slug}/index.html"
CATEGORIES_URL = "categories/"
CATEGORIES_SAVE_AS = "categories/index.html"
TAG_URL = "tags/{slug}/"
TAG_SAVE_AS = "tags/{slug}/index.html"
TAGS_URL = "tags/"
TAGS_SAVE_AS = "tags/index.html"
AUTHOR_URL = "authors/{slug}/"
AUTHOR_SAVE_AS = "authors/{slug}/index.html"
AUTHORS_URL = "authors/"
AUTHORS_SAVE_AS = "authors/index.html"
# The archive of every essay lives at essays/, beside the essays themselves.
ARCHIVES_URL = "essays/"
ARCHIVES_SAVE_AS = "essays/index.html"
YEAR_ARCHIVE_SAVE_AS = ""
MONTH_ARCHIVE_SAVE_AS = ""
DAY_ARCHIVE_SAVE_AS = ""
DRAFT_URL = "drafts/{slug}/"
DRAFT_SAVE_AS = "drafts/{slug}/index.html"
PAGINATION_PATTERNS = (
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/page/{number}/", "{base_name}/page/{number}/index.html"),
)
DIRECT_TEMPLATES = ["index", "tags", "categories", "authors", "archives", "404"]
PAGINATED_TEMPLATES = {"index": None, "tag": None, "category": None, "author": None}
TEMPLATE_PAGES: dict[str, str] = {"extra/robots.txt": "robots.txt"}

# Feeds: Atom and RSS for everything, per category and per tag, with full content.
FEED_DOMAIN = SITEURL
FEED_ALL_ATOM = "feeds/all.atom.xml"
FEED_ALL_RSS = "feeds/all.rss.xml"
CATEGORY_FEED_ATOM = "feeds/categories/{slug}.atom.xml"
CATEGORY_FEED_RSS = "feeds/categories/{slug}.rss.xml"
TAG_FEED_ATOM = "feeds/tags/{slug}.atom.xml"
TAG_FEED_RSS = "feeds/tags/{slug}.rss.xml"
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
TRANSLATION_FEED_ATOM = None
TRANSLATION_FEED_RSS = None
FEED_MAX_ITEMS = 50
RSS_FEED_SUMMARY_ONLY = False

MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.extra": {},
        "markdown.extensions.smarty": {},
        "markdown.extensions.toc": {"permalink": False},
    },
    "output_format": "html5",
}

# Words per minute used for the reading time shown on essays.
SITE_READING_WPM = 230

# --- Planet ---
# Members' feeds; every PLANET_* setting is documented in docs/settings.md. Local builds
# include the demo members, whose feeds are files in demo/feeds/ (no network needed).
PLANET_MEMBER_PATHS = ["content/members", "demo/members"]
PLANET_ALLOW_LOCAL_FEEDS = ["demo/members"]  # the demo's feeds are files; nobody else's
PLANET_CACHE_PATH = "cache/planet.sqlite"

# --- Gatherings ---
# Calendar of in-person gatherings (plugins/gatherings); every GATHERINGS_* setting and its
# default is documented in docs/settings.md. "now" is pinned by GATHERINGS_NOW or
# SOURCE_DATE_EPOCH for reproducible builds; unset, the build uses the clock.
GATHERINGS_PATH = "gatherings"
GATHERINGS_HOME_COUNT = 3
GATHERINGS_ICS_PAST_DAYS = 180
