"""load_image: the book's photographs, a reader's own file, and files it must refuse."""

import struct
import zlib

import numpy as np
import pytest
from PIL import Image

import cnnbook
from cnnbook import data, load_image


@pytest.mark.parametrize("name", sorted(data.IMAGES))
def test_known_images_are_rgb_floats_in_unit_range(name):
    img = load_image(name)
    assert img.ndim == 3 and img.shape[2] == 3
    assert img.dtype == np.float64
    assert 0.0 <= img.min() and img.max() <= 1.0
    assert img.std() > 0.05  # a photograph, not a blank


def test_gray_is_2d_and_close_to_the_luminance_of_the_colour_image():
    rgb = load_image("chelsea")
    gray = load_image("chelsea", gray=True)
    assert gray.shape == rgb.shape[:2]
    luminance = rgb @ np.array([0.299, 0.587, 0.114])
    assert np.abs(gray - luminance).max() < 2.5 / 255  # Pillow rounds to 8 bits


def test_size_int_is_the_longer_side_and_keeps_the_aspect_ratio():
    img = load_image("coffee", size=120)  # 400 x 600 originally
    assert img.shape == (80, 120, 3)


def test_size_pair_is_height_width():
    assert load_image("grace_hopper", gray=True, size=(30, 40)).shape == (30, 40)


def test_reader_file_path_str_and_pathlib(tmp_path):
    pixels = np.zeros((6, 10, 3), dtype=np.uint8)
    pixels[:, 5:] = 255  # right half white
    path = tmp_path / "mine.png"
    Image.fromarray(pixels).save(path)
    for name in (path, str(path)):
        img = load_image(name)
        assert img.shape == (6, 10, 3)
        assert img[:, :5].max() == 0.0 and img[:, 5:].min() == 1.0
    assert load_image(path, gray=True).shape == (6, 10)


def test_grayscale_file_becomes_rgb_unless_gray(tmp_path):
    path = tmp_path / "gray.png"
    Image.fromarray(np.full((4, 4), 128, dtype=np.uint8)).save(path)
    assert load_image(path).shape == (4, 4, 3)
    assert load_image(path, gray=True)[0, 0] == pytest.approx(128 / 255)


def test_missing_name_lists_the_available_images():
    with pytest.raises(ValueError) as info:
        load_image("no_such_picture")
    message = str(info.value)
    for name in data.IMAGES:
        assert name in message
    assert "no_such_picture" in message


def test_corrupt_png_is_a_value_error(tmp_path):
    noise = np.random.default_rng(0).integers(0, 256, (40, 40, 3), dtype=np.uint8)
    good = tmp_path / "good.png"
    Image.fromarray(noise).save(good)  # noise does not compress: the file is ~5 kB
    raw = good.read_bytes()
    bad = tmp_path / "truncated.png"
    bad.write_bytes(raw[: len(raw) // 2])
    with pytest.raises(ValueError, match="truncated.png"):
        load_image(bad)
    scrambled = tmp_path / "scrambled.png"
    scrambled.write_bytes(raw[: len(raw) // 2] + b"garbage" * 50)
    with pytest.raises(ValueError, match="scrambled.png"):
        load_image(scrambled)


def test_non_image_file_is_a_value_error(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("this is not a picture\n")
    with pytest.raises(ValueError, match="notes.txt"):
        load_image(path)


def _png_chunk(kind, payload):
    return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", zlib.crc32(kind + payload))


def test_png_whose_header_claims_a_huge_size_is_refused_before_decoding(tmp_path):
    # a 60-byte file whose header says 100000 x 100000 pixels: a decompression bomb
    header = struct.pack(">IIBBBBB", 100_000, 100_000, 8, 0, 0, 0, 0)
    png = b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", header) + _png_chunk(b"IDAT", zlib.compress(b"\0" * 10))
    png += _png_chunk(b"IEND", b"")
    path = tmp_path / "bomb.png"
    path.write_bytes(png)
    assert path.stat().st_size < 100
    with pytest.raises(ValueError, match="bomb.png"):
        load_image(path)


def test_lowered_pixel_limit_refuses_an_ordinary_photo(monkeypatch):
    monkeypatch.setattr(data, "MAX_PIXELS", 1000)
    with pytest.raises(ValueError, match="limit"):
        load_image("chelsea")


def test_size_that_would_exceed_the_limit_is_refused(monkeypatch):
    monkeypatch.setattr(data, "MAX_PIXELS", 200_000)  # chelsea has 135,300 pixels
    assert load_image("chelsea", size=50).shape[:2] == (33, 50)
    with pytest.raises(ValueError, match="size"):
        load_image("chelsea", size=(500, 500))


@pytest.mark.parametrize("name", [None, 3, 2.5, ["chelsea"], b"chelsea"])
def test_name_of_the_wrong_type_is_a_type_error(name):
    with pytest.raises(TypeError, match="name"):
        load_image(name)


@pytest.mark.parametrize("gray", [1, "yes", None])
def test_gray_must_be_a_bool(gray):
    with pytest.raises(TypeError, match="gray"):
        load_image("chelsea", gray=gray)


@pytest.mark.parametrize("size", [2.5, "big", True])
def test_size_of_the_wrong_type_is_a_type_error(size):
    with pytest.raises(TypeError, match="size"):
        load_image("chelsea", size=size)


@pytest.mark.parametrize("size", [0, -3, (0, 10), (10, 20, 30)])
def test_size_of_the_wrong_value_is_a_value_error(size):
    with pytest.raises(ValueError, match="size"):
        load_image("chelsea", size=size)


def test_load_image_is_exported():
    assert cnnbook.load_image is load_image
