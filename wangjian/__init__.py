"""wangjian (网监): an open-source platform for online market supervision and service."""

__version__ = "0.1.0"
