"""Which requests come from robots, whose visits and clicks are not a maker's audience."""

# Crawlers and link previewers announce themselves in their User-Agent.
ROBOT_WORDS = ("bot", "crawl", "spider", "slurp", "preview")


def is_robot(request) -> bool:
    """Whether `request` is from a robot (or from a client that does not say what it is)."""
    agent = request.headers.get("User-Agent", "").lower()
    return not agent or any(word in agent for word in ROBOT_WORDS)
