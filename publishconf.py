"""Production settings: absolute URLs on the public address, feeds pointing at it.

The public address comes from the SITEURL environment variable so forks can publish
elsewhere without editing this file.
"""

import os
import sys

sys.path.append(os.curdir)
from pelicanconf import *

SITEURL = os.environ.get("SITEURL", "https://takeitoffline.org")
FEED_DOMAIN = SITEURL
RELATIVE_URLS = False
DELETE_OUTPUT_DIRECTORY = True

# --- Planet ---
# Production reads real members only, and their feeds must be http(s) addresses.
PLANET_MEMBER_PATHS = ["content/members"]
PLANET_ALLOW_LOCAL_FEEDS = False
