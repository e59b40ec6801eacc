"""The docs' pictures of the training pages, taken in headless Chromium: run ``python -m docs.screenshots``
from the repository's root after changing how a page looks, look at the PNGs, and commit them.

- theater.png: the moons lesson's theater (docs/theater.md's page) at epoch 5, 1366 x 650;
- playground-1366x650.png: nn.playground's page after 300 steps, on a 1366 x 768 laptop minus the browser;
- playground-400x800.png: the same on a phone (the columns stacked);
- playground-presenting.png: presentation mode on a 1366 x 768 projector.

Imports: nn, tests.support.browser.
"""
import tempfile
from pathlib import Path

import nn
from tests.support.browser import Browser, open_page

DOCS = Path(__file__).resolve().parent
SETTLE = "new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"  # two frames: drawn


def shoot(page: Path, picture: str, size: tuple[int, int], script: str = "", present: bool = False) -> Path:
    """Open ``page`` at ``size``, run ``script``, optionally enter presentation mode, save docs/``picture``."""
    with tempfile.TemporaryDirectory(prefix="chromium-") as workdir, open_page(page, workdir, size=size) as browser:
        _window(browser, size)
        browser.wait_for("document.body.classList.contains('ready')")
        if script:
            browser.evaluate(script)
        if present:
            browser.click("#present")
            browser.wait_for("document.body.classList.contains('presenting')")
        browser.evaluate(SETTLE)
        errors = browser.exceptions()
        if errors:
            raise RuntimeError(f"{page.name} threw in Chromium: {errors}")
        return browser.screenshot(DOCS / picture)


def _window(browser: Browser, size: tuple[int, int]) -> None:
    width, height = size
    browser.send("Emulation.setDeviceMetricsOverride", width=width, height=height, deviceScaleFactor=1, mobile=False)
    browser.wait_for(f"innerWidth === {width} && innerHeight === {height}")


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="pages-") as folder:
        X, y = nn.make_moons(200, noise=0.1, seed=0)
        model = nn.MLP(2, [16, 16, 1], seed=0)
        theater = Path(folder) / "moons.html"
        nn.theater(model, X, y, theater, optimizer=nn.Adam(model.parameters(), lr=0.02), epochs=30, batch_size=20,
                   seed=0, progress=False)
        playground = nn.playground(Path(folder) / "playground.html")
        pictures = [
            shoot(theater, "theater.png", (1366, 650), "theater.go(5)"),
            shoot(playground, "playground-1366x650.png", (1366, 650), "chainrule.step(300)"),
            shoot(playground, "playground-400x800.png", (400, 800), "chainrule.step(300)"),
            shoot(playground, "playground-presenting.png", (1366, 768), "chainrule.step(300)", present=True),
        ]
    for picture in pictures:
        print(f"wrote {picture}")


if __name__ == "__main__":
    main()
