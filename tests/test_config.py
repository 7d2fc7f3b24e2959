import pytest

from kiosk.config import Screen, load_config
from kiosk.errors import ConfigError


def test_shipped_config():
    config = load_config()
    assert config.screen == Screen(1080, 1920, 55.0)
    assert config.content.name == "content" and config.content.is_dir()


def test_px_per_mm_of_a_55_inch_portrait_screen():
    # 55" diagonal at 1080x1920: 2202.9 px over 1397 mm
    assert Screen(1080, 1920, 55).px_per_mm() == pytest.approx(1.577, abs=0.001)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("kiosk_id: x\ncolour: red\n", r"unknown config key\(s\) colour"),
        ("screen: {width_px: wide}\n", "screen sizes must be numbers"),
        ("screen: {width_px: -5}\n", "screen sizes must be positive"),
        ("languages: de\n", "languages must be a list"),
        ("a: [\n", "invalid YAML in config"),
    ],
)
def test_bad_config_names_the_file(tmp_path, text, message):
    path = tmp_path / "kiosk.yaml"
    path.write_text(text)
    with pytest.raises(ConfigError, match=message) as error:
        load_config(path)
    assert str(path) in str(error.value)


def test_missing_config(tmp_path):
    with pytest.raises(ConfigError, match="cannot read config"):
        load_config(tmp_path / "nope.yaml")
