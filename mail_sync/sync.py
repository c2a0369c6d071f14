"""The sync engine: full and incremental Gmail syncs for one account, resumable and idempotent.

Guarantees (issue 3):
- At least once, never twice: (account, gmail_id) is unique, and already stored ids are never
  fetched again, so a rerun after a crash resumes where the last committed batch ended.
- The cursor (history_id) is written in the same transaction as the last batch it covers.
- One sync per account at a time: a PostgreSQL session advisory lock, held for the whole run.
  Unlike SELECT ... FOR UPDATE it survives our per-batch commits, and unlike a cache lock it is
  released by PostgreSQL itself when a killed worker's connection drops.
- A disconnect wins: each batch's transaction holds the account row (FOR KEY SHARE) while it
  writes, and `services.disconnect` deletes that row under FOR UPDATE. So a disconnect waits
  for at most the batch being written and then deletes its mail too, and the next batch finds
  no account and ends the run without storing anything (`AccountDisconnected`).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from mail_sync import services
from mail_sync.gmail import CursorExpired, GmailClient, GmailError, GrantRevoked, QuotaMeter
from mail_sync.linking import ApplicationCache
from mail_sync.models import GmailAccount, Message, SyncRun
from mail_sync.parsing import ParsedMessage, parse_message
from mail_sync.processing import process_messages
from mail_sync.search_query import SearchDoc, compile_query
from orbit.bulk import copy_insert, reserve_ids

logger = logging.getLogger(__name__)

LOCK_NAMESPACE = 20_260_301  # first key of pg_try_advisory_lock(int, int): "Gmail sync"
# Mail that is never job mail whatever its subject: the user's own, drafts, spam, bin, chats.
SKIPPED_LABELS = frozenset({"SENT", "DRAFT", "SPAM", "TRASH", "CHAT"})
DISCONNECTED = "Gmail was disconnected during the sync."


class AccountDisconnected(Exception):
    """The account (and, by cascade, its runs) was deleted while this run was going."""


@contextlib.contextmanager
def account_lock(account_id: int) -> Iterator[bool]:
    """Try to take the account's sync lock without waiting; yields whether we got it."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", [LOCK_NAMESPACE, account_id])
        acquired = bool(cursor.fetchone()[0])
    try:
        yield acquired
    finally:
        if acquired:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [LOCK_NAMESPACE, account_id])


def sync_account(*, run: SyncRun) -> SyncRun:
    """Run a queued sync. Exits without work if another sync of the account holds the lock,
    or if the run already finished (a redelivered task)."""
    with account_lock(run.account_id) as acquired:
        if not acquired:
            logger.info(
                "sync run %s skipped: account %s is already syncing", run.pk, run.account_id
            )
            return run
        try:
            run.refresh_from_db()
        except SyncRun.DoesNotExist:
            # Disconnected after the task loaded the run: the cascade took the run with it.
            logger.info("sync run %s gone: account %s was disconnected", run.pk, run.account_id)
            return run
        if run.is_finished:
            return run
        account = GmailAccount.objects.select_related("user").filter(pk=run.account_id).first()
        if account is None:
            logger.info("sync run %s: account %s was disconnected", run.pk, run.account_id)
            return run
        if account.state != GmailAccount.State.ACTIVE:
            _finish(run, SyncRun.State.FAILED, "Gmail needs to be reconnected before syncing.")
            return run
        Syncer(account=account, run=run).run()
    return run


def _finish(run: SyncRun, state: str, error: str = "") -> None:
    run.state = state
    run.error = error[:2000]
    run.finished_at = timezone.now()
    # update(), not save(): the account (and so this row) may have been disconnected mid-run.
    SyncRun.objects.filter(pk=run.pk).update(
        state=run.state,
        error=run.error,
        finished_at=run.finished_at,
        quota_units=run.quota_units,
        kind=run.kind,
    )


class Syncer:
    """One run of one account. Fetching happens on worker threads; the database is written
    only from the calling thread, one transaction per batch."""

    def __init__(self, *, account: GmailAccount, run: SyncRun) -> None:
        self.account = account
        self.run_row = run
        self.meter = QuotaMeter()
        self.meter.units = run.quota_units  # a resumed run keeps counting
        self.client: GmailClient | None = None
        self._matcher = None
        # The user's applications, kept between batches: processing re-reads changed rows only.
        self.applications = ApplicationCache()

    def run(self) -> None:
        run = self.run_row
        run.state = SyncRun.State.RUNNING
        run.started_at = run.started_at or timezone.now()
        run.error = ""
        try:
            self._save_run("state", "started_at", "error")
            self.client = GmailClient(services.grant_for(self.account), meter=self.meter)
            if self.account.history_id:
                try:
                    self.incremental()
                except CursorExpired:
                    logger.info("account %s: history cursor expired, full sync", self.account.pk)
                    self.full()
            else:
                self.full()
        except AccountDisconnected:
            self._stop_disconnected()
        except Exception as error:
            if GmailAccount.objects.filter(pk=self.account.pk).exists():
                self._fail(error)
            else:
                # Disconnected mid-run, seen first as another error: typically Google refusing
                # the grant the disconnect just revoked, while a batch was being fetched.
                self._stop_disconnected()
        else:
            self._finish(SyncRun.State.SUCCEEDED)
        finally:
            if self.client is not None:
                services.save_access_token(account=self.account, grant=self.client.current_grant())

    def _fail(self, error: Exception) -> None:
        if isinstance(error, GrantRevoked):
            services.mark_reconnect_needed(account=self.account, error=str(error))
            self._finish(SyncRun.State.FAILED, "Google refused the saved grant: reconnect Gmail.")
        elif isinstance(error, GmailError):
            self._record_error(str(error))
            self._finish(SyncRun.State.FAILED, str(error))
        else:  # recorded on the run; the task itself must not crash-loop
            logger.error("sync run %s crashed", self.run_row.pk, exc_info=error)
            self._record_error(f"Unexpected error: {error!r}")
            self._finish(SyncRun.State.FAILED, f"Unexpected error: {error!r}")

    def _stop_disconnected(self) -> None:
        # Nothing to record it on: the run's row went with the account (cascade). The run in
        # memory says what happened, for the caller.
        logger.info(
            "sync run %s stopped: account %s was disconnected", self.run_row.pk, self.account.pk
        )
        self._finish(SyncRun.State.FAILED, DISCONNECTED)

    def _finish(self, state: str, error: str = "") -> None:
        self.run_row.quota_units = self.meter.units
        _finish(self.run_row, state, error)

    def _save_run(self, *fields: str) -> None:
        """Write progress to the run's row; a row deleted by a disconnect ends the run."""
        values = {field: getattr(self.run_row, field) for field in fields}
        if not SyncRun.objects.filter(pk=self.run_row.pk).update(**values):
            raise AccountDisconnected

    def _hold_account(self) -> None:
        """First statement of every transaction that writes this account's mail.

        FOR KEY SHARE lets plain UPDATEs of the row through (a refreshed token, an error
        note) but makes a disconnect's FOR UPDATE wait for this commit, and it waits for a
        disconnect that got there first, after which the row is gone. A check without the
        lock would leave a window before the commit; the deferred foreign key alone fails
        only at COMMIT, and a batch committing beneath a disconnect made the disconnect fail
        instead (IntegrityError), keeping the account and all its mail.
        """
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT 1 FROM {GmailAccount._meta.db_table} WHERE id = %s FOR KEY SHARE",
                [self.account.pk],
            )
            if cursor.fetchone() is None:
                raise AccountDisconnected

    def _record_error(self, error: str) -> None:
        GmailAccount.objects.filter(pk=self.account.pk).update(last_error=error[:2000])

    # --- the two kinds of sync ------------------------------------------------------------
    def full(self) -> None:
        """Baseline historyId first, so mail arriving during the sync is seen next time."""
        self._set_kind(SyncRun.Kind.FULL)
        profile = self.client.get_profile()
        baseline = str(profile["historyId"])
        window_start = timezone.now() - dt.timedelta(days=self.account.sync_window_days)
        query = f"{settings.GMAIL_QUERY} after:{int(window_start.timestamp())}"
        listed: list[str] = []
        for page in self.client.list_message_ids(query):
            listed.extend(page)
        # Oldest first: a confirmation creates the application a later rejection links to.
        listed.reverse()
        self._fetch_and_store(listed, cursor=baseline, filter_by_query=False)

    def incremental(self) -> None:
        """history.list from the cursor: one 2-unit call when nothing arrived."""
        self._set_kind(SyncRun.Kind.INCREMENTAL)
        added, latest = self.client.list_history(self.account.history_id)
        candidates = [
            item["id"]
            for item in added
            if not SKIPPED_LABELS.intersection(item.get("labelIds") or [])
        ]
        # history.list has no q, so the job-mail query is applied to what we fetch.
        self._fetch_and_store(list(dict.fromkeys(candidates)), cursor=latest, filter_by_query=True)

    def _set_kind(self, kind: str) -> None:
        self.run_row.kind = kind
        self._save_run("kind")

    # --- fetching and storing ---------------------------------------------------------------
    def _fetch_and_store(self, listed: list[str], *, cursor: str, filter_by_query: bool) -> None:
        listed = list(dict.fromkeys(listed))  # a page boundary can repeat an id
        stored = set(
            Message.objects.filter(account=self.account, gmail_id__in=listed).values_list(
                "gmail_id", flat=True
            )
        )
        wanted = [gmail_id for gmail_id in listed if gmail_id not in stored]
        run = self.run_row
        run.listed = len(listed)
        run.to_fetch = len(wanted)
        run.quota_units = self.meter.units
        self._save_run("listed", "to_fetch", "quota_units")
        size = settings.GMAIL_BATCH_SIZE
        chunks = [wanted[start : start + size] for start in range(0, len(wanted), size)]
        if not chunks:
            with transaction.atomic():
                self._hold_account()
                self._advance_cursor(cursor)
            return
        threads = max(1, min(settings.GMAIL_FETCH_THREADS, len(chunks)))
        pool = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="gmail-fetch")
        in_flight: deque[Future] = deque()
        # Fetched batches are committed in groups of about GMAIL_STORE_BATCH_SIZE messages:
        # processing reloads the user's application index once per call, so bigger groups
        # amortise it, while a crash still loses at most one group of (refetchable) work.
        store_size = max(settings.GMAIL_STORE_BATCH_SIZE, 1)
        pending: list[tuple[str, object]] = []
        try:
            # A small look-ahead window keeps the threads busy without racing far past a
            # failure: batches are stored strictly in order.
            for chunk in chunks:
                in_flight.append(pool.submit(self._fetch, chunk))
                if len(in_flight) > threads:
                    pending.extend(in_flight.popleft().result())
                    if len(pending) >= store_size:
                        self._store(pending, cursor=None, filter_by_query=filter_by_query)
                        pending = []
            while in_flight:
                pending.extend(in_flight.popleft().result())
                last = not in_flight
                if last or len(pending) >= store_size:
                    self._store(
                        pending,
                        cursor=cursor if last else None,
                        filter_by_query=filter_by_query,
                    )
                    pending = []
        finally:
            pool.shutdown(wait=True, cancel_futures=True)

    def _fetch(self, chunk: list[str]) -> list[tuple[str, object]]:
        """Fetch and parse one batch (worker thread: no database access here)."""
        results = self.client.get_messages(chunk)
        parsed: list[tuple[str, object]] = []
        for gmail_id in chunk:
            resource = results.get(gmail_id)
            if resource is None:
                continue  # deleted since it was listed
            if isinstance(resource, GmailError):
                parsed.append((gmail_id, resource))
                continue
            try:
                parsed.append((gmail_id, (resource, parse_message(resource))))
            except Exception as error:  # any malformed message is recorded, never fatal
                parsed.append((gmail_id, (resource, error)))
        return parsed

    def _matches(self, message: ParsedMessage) -> bool:
        if self._matcher is None:
            self._matcher = compile_query(settings.GMAIL_QUERY)
        doc = SearchDoc(
            sender=message.from_header.lower(),
            to=message.to_header.lower(),
            subject=message.subject.lower(),
            body=message.body_text.lower(),
            labels=frozenset(message.label_ids),
            internal_date=message.internal_date.timestamp() if message.internal_date else 0.0,
        )
        return self._matcher(doc)

    def _store(
        self, fetched: list[tuple[str, object]], *, cursor: str | None, filter_by_query: bool
    ):
        account, user = self.account, self.account.user
        rows: list[Message] = []
        failed = 0
        for gmail_id, outcome in fetched:
            if isinstance(outcome, GmailError):
                failed += 1
                rows.append(_failed_row(account, gmail_id, {}, outcome))
                continue
            resource, result = outcome
            if isinstance(result, ParsedMessage):
                if filter_by_query and not self._matches(result):
                    continue  # not job mail: never stored
                rows.append(_message_row(account, result))
            else:
                failed += 1
                rows.append(_failed_row(account, gmail_id, resource, result))
        for row in rows:
            row.user = user
        with transaction.atomic():
            # PostgreSQL checks each foreign key with a query it plans once per connection and
            # keeps. Planned when this user's tables were still small (a first sync on a new
            # install), it scans the whole table, and every later batch pays for that, more as
            # the tables grow: replan once per batch instead.
            with connection.cursor() as db:  # not `cursor`: that is the history cursor here
                db.execute("DISCARD PLANS")
            self._hold_account()  # before anything is written: a disconnected account gets nothing
            # Classified and linked before the insert, so each row is written once: an UPDATE
            # afterwards rewrote the row, its search vector and every index entry again.
            for row, pk in zip(rows, reserve_ids(Message, len(rows)), strict=True):
                row.pk = pk
            to_process = [m for m in rows if m.parse_state == Message.ParseState.PARSED]
            stats = (
                process_messages(to_process, cache=self.applications, unsaved=True)
                if to_process
                else None
            )
            # A plain insert: these ids were not stored when the run listed them, and the
            # account lock keeps other runs out. Were one stored anyway, the unique constraint
            # fails this batch, the run retries, and the retry skips what is stored.
            copy_insert(rows)
            run = self.run_row
            run.fetched += len(fetched)
            run.new += len(rows)
            run.failed += failed
            run.classified += stats.classified if stats else 0
            run.linked += stats.linked if stats else 0
            run.quota_units = self.meter.units
            # The account row is held, so the run (deleted only with the account) is still there.
            self._save_run("fetched", "new", "failed", "classified", "linked", "quota_units")
            if cursor is not None:
                self._advance_cursor(cursor)

    def _advance_cursor(self, cursor: str) -> None:
        """Called inside the transaction that stored the data the cursor covers."""
        now = timezone.now()
        GmailAccount.objects.filter(pk=self.account.pk).update(
            history_id=cursor, last_synced_at=now, last_error=""
        )
        self.account.history_id = cursor
        self.account.last_synced_at = now


def _message_row(account: GmailAccount, parsed: ParsedMessage) -> Message:
    return Message(
        account=account,
        gmail_id=parsed.gmail_id,
        thread_id=parsed.thread_id,
        history_id=parsed.history_id,
        internal_date=parsed.internal_date,
        from_header=parsed.from_header,
        from_email=parsed.from_email,
        from_domain=parsed.from_domain,
        to_header=parsed.to_header,
        subject=parsed.subject,
        snippet=parsed.snippet,
        body_text=parsed.body_text,
        body_html=parsed.body_html,
        parse_state=Message.ParseState.PARSED,
    )


def _failed_row(account: GmailAccount, gmail_id: str, resource: dict, error: object) -> Message:
    """A placeholder that records why a message could not be read, so it is not refetched."""
    internal_date = None
    with contextlib.suppress(KeyError, TypeError, ValueError, OverflowError):
        internal_date = dt.datetime.fromtimestamp(int(resource["internalDate"]) / 1000, tz=dt.UTC)
    return Message(
        account=account,
        gmail_id=gmail_id,
        thread_id=str(resource.get("threadId", ""))[:32] if isinstance(resource, dict) else "",
        internal_date=internal_date,
        parse_state=Message.ParseState.FAILED,
        parse_error=f"{type(error).__name__}: {error}"[:2000],
    )
