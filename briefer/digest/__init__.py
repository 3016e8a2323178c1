"""Digests: brief new articles from folders and feeds, merge duplicate stories, email once."""

from briefer.digest.config import DigestConfig, load_config
from briefer.digest.run import DigestResult, run_digest

__all__ = ["DigestConfig", "DigestResult", "load_config", "run_digest"]
