"""The library: every issue under the reader's folders, listed by paper and
date and searched at once through one SQLite FTS5 index. No widgets here:
the window and the command line both sit on top of this package."""
