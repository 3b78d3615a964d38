"""The baseline for start-up: a bare Textual app with an Input and a DataTable."""

from textual.app import App, ComposeResult
from textual.widgets import DataTable, Input


class BareApp(App):
    def compose(self) -> ComposeResult:
        yield Input(placeholder="NIK")
        yield DataTable()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("Nomor", "Nama")
        table.add_row("1", "BAREREADY")


if __name__ == "__main__":
    BareApp().run()
