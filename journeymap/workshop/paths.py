"""Where a workshop's workspace folder is, on each platform.

`--workspace DIR` on the app's command line (read by `ui.args`), else `$JOURNEYMAP_WORKSPACE`,
else `journeymap` in the user's data folder (`~/.local/share/journeymap` on Linux,
`%LOCALAPPDATA%\\journeymap` on Windows, `~/Library/Application Support/journeymap` on macOS).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from pathlib import Path

__all__ = ["ENV_VAR", "default_workspace", "user_data_dir"]

ENV_VAR = "JOURNEYMAP_WORKSPACE"


def user_data_dir(env: Mapping[str, str] | None = None, platform: str | None = None) -> Path:
    """The user's own data folder for this platform (not yet with 'journeymap' on the end)."""
    env = os.environ if env is None else env
    platform = sys.platform if platform is None else platform
    home = Path(env.get("HOME") or Path.home())
    if platform.startswith("win"):
        return Path(env.get("LOCALAPPDATA") or home / "AppData" / "Local")
    if platform == "darwin":
        return home / "Library" / "Application Support"
    return Path(env.get("XDG_DATA_HOME") or home / ".local" / "share")


def default_workspace(given: str | None = None, env: Mapping[str, str] | None = None) -> Path:
    """The workspace folder: the one `given` (the app's `--workspace DIR`), else
    `$JOURNEYMAP_WORKSPACE`, else `journeymap` in the user's data folder."""
    env = os.environ if env is None else env
    chosen = given or env.get(ENV_VAR) or ""
    return Path(chosen).expanduser() if chosen else user_data_dir(env) / "journeymap"
