#!/usr/bin/env python3
import os
import sys

if __name__ == "__main__":
    # Files this process creates (the SQLite database and its journal, var/secret_key, uploads,
    # exports, backups) are readable by the site's own user alone: 0600 files, 0700 directories.
    os.umask(0o077)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
