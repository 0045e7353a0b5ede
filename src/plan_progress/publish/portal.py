"""The CKAN Action API through ckanapi, with one error per failure and retries only for reads.

Writes (create, patch, delete, upload) are never retried: after a timeout the server may
have applied them, and the next run's plan, computed from what the portal then holds, is
the safe way to finish. Reads are retried a bounded number of times with backoff.
The API token goes only into the Authorization header; it is never formatted into a message.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import ckanapi
import requests

from plan_progress.core.problems import Problem
from plan_progress.core.version import __version__
from plan_progress.publish.answers import answer_problem

USER_AGENT = f"plan-progress/{__version__} (+https://w3id.org/plan-progress/)"


# CKAN's refusals a caller handles itself.
Refusals = tuple[type[ckanapi.CKANAPIError], ...]


class PortalError(Exception):
    """A portal call failed; `problem` says why in one message."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.rule)
        self.problem = problem


class Portal:
    def __init__(
        self,
        url: str,
        token: str | None,
        timeout: float = 30.0,
        attempts: int = 3,
        backoff: float = 0.5,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.url = url.rstrip("/")
        self.timeout = timeout
        self.attempts = max(1, attempts)
        self.backoff = backoff
        self._sleep = sleep
        self._token = token
        self._session = requests.Session()
        self._last_status: int | None = None
        self._session.hooks["response"].append(self._remember_status)
        self._ckan = ckanapi.RemoteCKAN(
            self.url, apikey=token, user_agent=USER_AGENT, session=self._session
        )

    def _remember_status(self, response: requests.Response, *args: Any, **kwargs: Any) -> None:
        self._last_status = response.status_code

    # -- calls -------------------------------------------------------------------------
    def read(self, action: str, *, expected: Refusals = (), **data: Any) -> Any:
        """A read-only action, retried on timeouts, dropped connections and 5xx answers.

        CKAN's refusals (not found, not allowed, invalid) of the kinds in `expected` reach the
        caller, which reads them as facts; any other refusal is one line (`PortalError`)."""
        return self._retrying(lambda: self._call(action, data, None, expected))

    def write(
        self,
        action: str,
        data: dict[str, Any],
        upload: tuple[str, bytes] | None = None,
        *,
        expected: Refusals = (),
    ) -> Any:
        files = {"upload": upload} if upload else None
        return self._call(action, data, files, expected)

    def download(self, url: str) -> bytes:
        # Send the token only to the portal itself (a resource may link elsewhere).
        headers = {"Authorization": self._token} if self._token and self._own(url) else {}

        def get() -> bytes:
            try:
                response = self._session.get(url, headers=headers, timeout=self.timeout)
            except requests.RequestException as err:
                raise self._error(err, "download") from None
            if response.status_code >= 500:
                raise self._fail("publish.server-error", status=response.status_code)
            if response.status_code != 200:
                raise self._fail("publish.download", detail=f"HTTP {response.status_code}", url=url)
            return response.content

        return self._retrying(get)

    def _own(self, url: str) -> bool:
        return url == self.url or url.startswith(self.url + "/")

    def _call(
        self,
        action: str,
        data: dict[str, Any],
        files: dict[str, Any] | None,
        expected: Refusals,
    ) -> Any:
        self._last_status = None
        try:
            result = self._ckan.call_action(
                action, data, files=files, requests_kwargs={"timeout": self.timeout}
            )
        except (ckanapi.NotFound, ckanapi.NotAuthorized, ckanapi.ValidationError) as err:
            if isinstance(err, expected):
                raise  # the caller reads this answer as a fact (e.g. no such dataset yet)
            raise self._refusal(err, action) from None
        except (ckanapi.CKANAPIError, requests.RequestException) as err:
            raise self._error(err, action) from None
        except (ValueError, TypeError, LookupError, AttributeError, RecursionError) as err:
            # ckanapi on an answer that is not JSON of the expected form (no "result", a
            # nesting deeper than Python's parser goes, a token a header cannot carry).
            raise self._fail(
                "publish.bad-answer", action=action, detail=type(err).__name__
            ) from None
        wrong = answer_problem(action, result)
        if wrong:
            raise self._fail("publish.bad-answer", action=action, detail=wrong)
        return result

    def _retrying(self, call: Callable[[], Any]) -> Any:
        for attempt in range(self.attempts):
            try:
                return call()
            except PortalError as err:
                if not _transient(err) or attempt == self.attempts - 1:
                    raise
                self._sleep(self.backoff * 2**attempt)
        raise AssertionError("unreachable")

    # -- errors ------------------------------------------------------------------------
    def _fail(self, rule: str, **params: Any) -> PortalError:
        return PortalError(Problem(rule, self.url, params={"portal": self.url, **params}))

    def _refusal(self, err: Exception, action: str) -> PortalError:
        if isinstance(err, ckanapi.NotFound):
            return self._fail("publish.vanished", action=action)
        if isinstance(err, ckanapi.NotAuthorized):
            return self._fail("publish.not-authorized", action=action)
        return self._fail("publish.rejected", action=action, detail=str(err)[:300])

    def _error(self, err: Exception, action: str) -> PortalError:
        if isinstance(err, requests.Timeout):
            return self._fail("publish.timeout", seconds=self.timeout, action=action)
        if isinstance(err, requests.ConnectionError):
            if _refused(err):
                return self._fail("publish.connection-refused")
            return self._fail("publish.connection", detail=type(err).__name__)
        status = self._last_status
        if status == 413:
            return self._fail("publish.file-too-large", detail="HTTP 413")
        if status is not None and status >= 500:
            return self._fail("publish.server-error", status=status, action=action)
        return self._fail("publish.not-ckan", status=status or "-", action=action)


TRANSIENT = {
    "publish.timeout",
    "publish.connection",
    "publish.connection-refused",
    "publish.server-error",
}


def _transient(err: PortalError) -> bool:
    return err.problem.rule in TRANSIENT


def _refused(err: BaseException) -> bool:
    """requests wraps the socket error several levels deep; look for it along the chain."""
    seen: set[int] = set()
    stack: list[BaseException] = [err]
    while stack:
        current = stack.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        if isinstance(current, ConnectionRefusedError) or "Connection refused" in str(current):
            return True
        stack.extend(a for a in current.args if isinstance(a, BaseException))
        for linked in (current.__cause__, current.__context__, getattr(current, "reason", None)):
            if isinstance(linked, BaseException):
                stack.append(linked)
    return False
