"""The repository's conftest.py: nbval kernels that die at start-up are started again, and a
run of doctests only fails if it imported a framework."""
import importlib.util

import pytest

from tools import ROOT

pytest_plugins = ["pytester"]

ROOT_CONFTEST = ROOT / "conftest.py"
spec = importlib.util.spec_from_file_location("root_conftest", ROOT_CONFTEST)
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


DOCTESTS = {
    "plain": '''
        def one():
            """
            >>> 1 + 1
            2
            """
    ''',
    # A stand-in for a framework: a module named mxnet in the test's folder.
    "framework": '''
        def two():
            """
            >>> import mxnet
            """
    ''',
    "test_uses_framework": '''
        def test_imports_it():
            import mxnet  # noqa: F401
    ''',
}


@pytest.fixture
def doctest_project(pytester):
    pytester.makeconftest(ROOT_CONFTEST.read_text(encoding="utf8"))
    pytester.makepyfile(mxnet="", **DOCTESTS)
    return pytester


@pytest.mark.parametrize("files, code", [
    (["plain.py"], 0),
    (["plain.py", "framework.py"], 1),
    # Not a doctest-only run: tests may import frameworks.
    (["plain.py", "test_uses_framework.py"], 0),
])
def test_a_doctest_run_that_imports_a_framework_fails(doctest_project, files, code):
    result = doctest_project.runpytest_subprocess("--doctest-modules", "-p", "no:cacheprovider",
                                                  *files)
    assert result.ret == code, result.stdout.str()
    imported = "doctests imported mxnet: d2l_utils' examples must run without a framework"
    assert (imported in result.stdout.str()) == (code == 1)
