"""The repository's conftest.py: nbval kernels that die at start-up are started again."""
import importlib.util
import pathlib

import pytest

spec = importlib.util.spec_from_file_location(
    "root_conftest", pathlib.Path(__file__).resolve().parents[1] / "conftest.py")
root_conftest = importlib.util.module_from_spec(spec)
spec.loader.exec_module(root_conftest)


def flaky_start(failures):
    calls = []

    def start(*args, **kwargs):
        calls.append(kwargs)
        if len(calls) <= failures:
            raise RuntimeError("Kernel died before replying to kernel_info")
        return "manager", "client"
    return start, calls


def test_a_kernel_that_dies_at_start_up_is_started_again(monkeypatch):
    start, calls = flaky_start(failures=root_conftest.ATTEMPTS - 1)
    monkeypatch.setattr(root_conftest, "_start_new_kernel", start)
    assert root_conftest.start_new_kernel_with_retry(kernel_name="k") == ("manager", "client")
    assert calls == [{"kernel_name": "k"}] * root_conftest.ATTEMPTS


def test_it_gives_up_after_the_last_attempt(monkeypatch):
    start, calls = flaky_start(failures=root_conftest.ATTEMPTS)
    monkeypatch.setattr(root_conftest, "_start_new_kernel", start)
    with pytest.raises(RuntimeError, match="Kernel died"):
        root_conftest.start_new_kernel_with_retry()
    assert len(calls) == root_conftest.ATTEMPTS
