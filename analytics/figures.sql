-- Every figure of the dashboard in one statement (analytics/figures.py loads it once).
-- The per-application CTE (per_app) is computed once and reused by every card, so the whole
-- dashboard costs one query however many applications and events the user has.
--
-- Query parameters are psycopg's named placeholders (a doubled percent sign is a literal one,
-- even in a comment). Names after a dollar sign are our own constants, put in once when the
-- file is loaded (string.Template):
-- $to_rank, $from_rank and $status_rank rank a status along the funnel; $response_statuses,
-- $active_statuses and $waiting_statuses list statuses; $follow_up_list caps the follow-ups.
WITH apps AS (
    SELECT a.id, a.status, a.source, a.applied_date, a.last_activity_at, a.archived_at
    FROM applications_application a
    WHERE a.user_id = %(user_id)s AND a.deleted_at IS NULL
      AND (%(date_from)s::date IS NULL
           OR COALESCE(a.applied_date, (a.created_at AT TIME ZONE %(tz)s)::date)
              >= %(date_from)s::date)
      AND (%(date_to)s::date IS NULL
           OR COALESCE(a.applied_date, (a.created_at AT TIME ZONE %(tz)s)::date)
              <= %(date_to)s::date)
      AND (cardinality(%(tag_ids)s::bigint[]) = 0 OR EXISTS (
           SELECT 1 FROM applications_application_tags at
           WHERE at.application_id = a.id AND at.tag_id = ANY(%(tag_ids)s::bigint[])))
),
ev AS (
    -- All of the user's non-note events, one row per application; applications outside the
    -- filters or in the trash drop out at the join below. Streams from the partial covering
    -- index analytics_event_user_app_stage, already ordered by application.
    SELECT e.application_id,
           MAX(GREATEST($to_rank, $from_rank,
                        CASE WHEN e.kind = 'interview' THEN 3 ELSE 0 END)) AS stage,
           MIN(e.occurred_at) FILTER (
               WHERE e.kind = 'interview'
                  OR e.to_status IN ($response_statuses)) AS first_response_at,
           MIN(e.occurred_at) FILTER (WHERE e.to_status = 'applied') AS applied_event_at,
           array_agg((e.occurred_at AT TIME ZONE %(tz)s)::date) FILTER (
               WHERE e.kind = 'interview' AND e.occurred_at >= %(first_week_at)s
           ) AS interview_days,
           array_agg((e.occurred_at AT TIME ZONE %(tz)s)::date) FILTER (
               WHERE e.to_status = 'rejected' AND e.occurred_at >= %(first_week_at)s
           ) AS rejection_days
    FROM applications_event e
    WHERE e.user_id = %(user_id)s AND e.kind <> 'note'  -- notes never move a stage
    GROUP BY e.application_id
),
per_app AS MATERIALIZED (
    SELECT x.id, x.status, x.source, x.stage, x.responded, x.responded_on, x.is_active,
           x.is_ghosted, x.is_silent, x.interview_days, x.rejection_days,
           CASE WHEN x.stage >= 1 THEN x.applied_on END AS sent_on,
           CASE
               WHEN x.status IN ('accepted', 'rejected', 'withdrawn') THEN x.status
               WHEN x.is_ghosted THEN 'ghosted'
               WHEN x.archived_at IS NOT NULL THEN 'archived'
               WHEN x.status = 'offer' THEN 'offer'
               ELSE 'active'
           END AS outcome
    FROM (
        SELECT apps.id, apps.status, apps.source, apps.archived_at,
               ev.interview_days, ev.rejection_days,
               GREATEST(COALESCE(ev.stage, 0), $status_rank,
                        CASE WHEN apps.applied_date IS NOT NULL AND apps.status <> 'wishlist'
                             THEN 1 ELSE 0 END) AS stage,
               (ev.first_response_at IS NOT NULL
                OR apps.status IN ($response_statuses)) AS responded,
               (ev.first_response_at AT TIME ZONE %(tz)s)::date AS responded_on,
               CASE WHEN ev.applied_event_at IS NOT NULL AND (
                        apps.applied_date IS NULL
                        OR abs((ev.applied_event_at AT TIME ZONE %(tz)s)::date
                               - apps.applied_date) <= 1)
                    THEN (ev.applied_event_at AT TIME ZONE %(tz)s)::date
                    ELSE apps.applied_date END AS applied_on,
               (apps.archived_at IS NULL
                AND apps.status IN ($active_statuses)) AS is_active,
               -- Ghosted is what the user marked, counted as the board counts it; long
               -- silence is its own figure, since the application may still be in play.
               (apps.status = 'ghosted' AND apps.archived_at IS NULL) AS is_ghosted,
               (apps.archived_at IS NULL
                AND apps.status IN ($waiting_statuses)
                AND apps.last_activity_at < %(ghost_cutoff)s) AS is_silent
        FROM apps LEFT JOIN ev ON ev.application_id = apps.id
    ) x
),
-- Every per-group count in one hashed pass over per_app (one hash table per grouping set)
-- instead of a scan and a sort per card. GROUPING() tells the sets apart:
-- 7 = (stage, outcome), 27 = (source), 29 = (weekday), 30 = (week sent).
grouped AS (
    SELECT GROUPING(stage, outcome, source, weekday, sent_week) AS grouping_set,
           stage, outcome, source, weekday, sent_week,
           COUNT(*) AS n,
           COUNT(*) FILTER (WHERE stage >= 1) AS applied,
           COUNT(*) FILTER (WHERE stage >= 1 AND responded) AS responded
    FROM (SELECT stage, outcome, source, responded,
                 (sent_on - DATE '1900-01-01') %% 7 + 1 AS weekday,
                 sent_on - (sent_on - DATE '1900-01-01') %% 7 AS sent_week
          FROM per_app) p
    GROUP BY GROUPING SETS ((stage, outcome), (source), (weekday), (sent_week))
),
-- Weeks and weekdays by date arithmetic from a known Monday (1900-01-01): date_trunc
-- would round-trip every date through a timestamptz in the session's time zone, which costs
-- more than the rest of the pass. Dates before 1900 do not occur in a job search.
-- Week-bucketed dates (responses per application, interviews and rejections per event) in
-- one pass; weeks without any are filled with zeros in Python.
dated AS (
    SELECT responded_on - (responded_on - DATE '1900-01-01') %% 7 AS week, 'responses' AS series
    FROM per_app WHERE responded_on >= %(first_week)s::date
    UNION ALL
    SELECT day - (day - DATE '1900-01-01') %% 7, 'interviews'
    FROM per_app, unnest(interview_days) AS day WHERE interview_days IS NOT NULL
    UNION ALL
    SELECT day - (day - DATE '1900-01-01') %% 7, 'rejections'
    FROM per_app, unnest(rejection_days) AS day WHERE rejection_days IS NOT NULL
),
waiting AS (
    SELECT id, sent_on, %(today)s::date - sent_on AS days
    FROM per_app
    WHERE is_active AND status = 'applied' AND NOT responded
      AND sent_on <= %(follow_up_before)s::date
)
SELECT json_build_object(
    'totals', (SELECT json_build_object(
        'total', COUNT(*),
        'active', COUNT(*) FILTER (WHERE is_active),
        'applied', COUNT(*) FILTER (WHERE stage >= 1),
        'screening', COUNT(*) FILTER (WHERE stage >= 2),
        'interviewing', COUNT(*) FILTER (WHERE stage >= 3),
        'offer', COUNT(*) FILTER (WHERE stage >= 4),
        'accepted', COUNT(*) FILTER (WHERE stage >= 5),
        'responded', COUNT(*) FILTER (WHERE stage >= 1 AND responded),
        'applied_this_week', COUNT(*) FILTER (
            WHERE sent_on >= %(this_week)s::date AND sent_on < %(next_week)s::date),
        'applied_last_week', COUNT(*) FILTER (
            WHERE sent_on >= %(last_week)s::date AND sent_on < %(this_week)s::date),
        'ghosted', COUNT(*) FILTER (WHERE is_ghosted),
        'silent', COUNT(*) FILTER (WHERE is_silent)
    ) FROM per_app),
    'response_days', (SELECT json_build_object(
        'count', COUNT(*),
        'quartiles', percentile_cont(ARRAY[0.25, 0.5, 0.75]) WITHIN GROUP (ORDER BY days)
    ) FROM (
        -- An answer dated before the application was sent (a back-dated applied date) is no
        -- lag at all: it is left out rather than counted as an answer on the same day.
        SELECT responded_on - sent_on AS days
        FROM per_app WHERE responded_on >= sent_on
    ) response_days),
    'flow', (SELECT COALESCE(json_agg(json_build_object(
            'stage', stage, 'outcome', outcome, 'count', n) ORDER BY stage, outcome), '[]'::json)
        FROM grouped WHERE grouping_set = 7 AND stage >= 1),
    'sent_weeks', (SELECT COALESCE(json_object_agg(sent_week, n), '{}'::json)
        FROM grouped WHERE grouping_set = 30 AND sent_week >= %(first_week)s::date),
    'dated_weeks', (SELECT COALESCE(json_agg(json_build_array(series, week, n)), '[]'::json)
        FROM (SELECT series, week, COUNT(*) AS n FROM dated GROUP BY 1, 2) d),
    'groups', (SELECT COALESCE(json_agg(g), '[]'::json) FROM (
        SELECT 'source' AS dimension, source AS key, NULL::text AS label, applied, responded
        FROM grouped WHERE grouping_set = 27 AND applied > 0
        UNION ALL
        SELECT 'tag', t.id::text, MAX(t.name), COUNT(*), COUNT(*) FILTER (WHERE p.responded)
        FROM per_app p
        JOIN applications_application_tags at ON at.application_id = p.id
        JOIN applications_tag t ON t.id = at.tag_id
        WHERE p.stage >= 1 GROUP BY t.id
        UNION ALL
        SELECT 'weekday', weekday::text, NULL, n, responded
        FROM grouped WHERE grouping_set = 29 AND weekday IS NOT NULL
    ) g),
    'waiting', (SELECT COALESCE(json_agg(w ORDER BY w.sent_on, w.id), '[]'::json) FROM (
        SELECT waiting.*, a.company, a.role
        FROM (SELECT * FROM waiting ORDER BY sent_on, id LIMIT $follow_up_list) waiting
        JOIN applications_application a ON a.id = waiting.id) w),
    'waiting_total', (SELECT COUNT(*) FROM waiting)
)
