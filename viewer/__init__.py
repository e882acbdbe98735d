"""Herald: a desktop e-paper viewer for Chinese broadsheet newspapers."""

__version__ = "0.1.0"
