"""Village search finds a village by the spelling of an older decree too."""

from __future__ import annotations

from textual.app import App, ComposeResult

from loket.intake import regions
from loket.tui.widgets.region_picker import RegionPicker


class PickerApp(App):
    def compose(self) -> ComposeResult:
        yield RegionPicker(id="village", placeholder="Kel/Desa")

    def on_mount(self) -> None:
        picker = self.query_one(RegionPicker)
        picker.set_choices(regions.children("737301"))  # Wara, Kota Palopo
        picker.focus()


async def test_an_older_spelling_finds_the_village():
    app = PickerApp()
    async with app.run_test(size=(80, 24)) as pilot:
        picker = app.query_one(RegionPicker)
        await pilot.press(*"amas")
        await pilot.pause()
        # Spelt Amasangan until the 2023 decree, Ammasangan since.
        assert [name for _code, name in picker._shown] == ["Ammasangan"]
        assert picker.has_class("-open")
        await pilot.press("enter")
        await pilot.pause()
        assert picker.value == "7373011003" and picker.text == "Ammasangan"


async def test_the_current_spelling_and_an_old_name_typed_whole_both_pick_it():
    app = PickerApp()
    async with app.run_test(size=(80, 24)) as pilot:
        picker = app.query_one(RegionPicker)
        await pilot.press(*"amma")
        await pilot.pause()
        assert [name for _code, name in picker._shown] == ["Ammasangan"]
        picker.input.value = ""
        await pilot.pause()
        picker.pick_name("AMASANGAN")  # a name typed whole, in its old spelling
        assert picker.value == "7373011003"
