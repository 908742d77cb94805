from __future__ import annotations

from desktop.app import main_entry

if __name__ == "__main__":
    main_entry()
