"""The writes of a tier recompute: ``INSERT … SELECT`` of assessments, contributions and evidence
rows, and the ``UPDATE`` that retires the previous assessments. Only ``recompute_tiers`` calls
``run_recompute``, inside its own transaction and after its audit event; the statements are
built and the model read by ``credit.tiers``."""

from django.db import connection

from wangjian.credit.tiers import (
    SCRATCH,
    capped,
    event_condition,
    list_condition,
    scope_condition,
    scoring_select,
    sql_in,
    table_names,
    tier_case,
)


def run_recompute(run, content: dict, *, division=None, entity_ids=None) -> int:
    """Write the assessments of ``run`` for every active entity in scope; return the count.

    Must run inside the caller's transaction.
    """
    t = table_names()
    as_of = run.as_of
    scope_sql, scope_params = scope_condition(division=division, entity_ids=entity_ids)
    select_sql, params = scoring_select(content, as_of, scope_sql, scope_params)
    direct = [(i["key"], i["direct_tier"]) for i in content["indicators"] if i.get("direct_tier")]
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {SCRATCH}")
        cursor.execute(f"CREATE TEMPORARY TABLE {SCRATCH} AS {select_sql}", params)
        if scope_sql:
            cursor.execute(
                f"UPDATE {t['assessment']} SET is_current = %s WHERE is_current = %s "
                f"AND entity_id IN (SELECT entity_id FROM {SCRATCH})",
                [False, True],
            )
        else:
            # The whole register is reassessed, so every current row is superseded. Only runs
            # that still hold current rows are touched (through the run_id index), not the
            # whole history.
            cursor.execute(
                f"SELECT id FROM {t['run']} WHERE holds_current = %s AND id < %s", [True, run.pk]
            )
            current_runs = [row[0] for row in cursor.fetchall()]
            if current_runs:
                runs_sql, runs_params = sql_in(current_runs)
                cursor.execute(
                    f"UPDATE {t['assessment']} SET is_current = %s WHERE run_id IN {runs_sql} "
                    f"AND is_current = %s",
                    [False, *runs_params, True],
                )
                cursor.execute(
                    f"UPDATE {t['run']} SET holds_current = %s WHERE id IN {runs_sql}",
                    [False, *runs_params],
                )
        cursor.execute(
            f"INSERT INTO {t['assessment']} (run_id, entity_id, score, tier, direct_rule, "
            f"is_current) SELECT %s, entity_id, score, {tier_case(content, direct)}, "
            f"direct_rule, %s FROM {SCRATCH}",
            [run.pk, True],
        )
        count = cursor.rowcount
        # Most entities have no indicator at all; the per-indicator statements below read only
        # the ones that do.
        any_indicator = " OR ".join(f"c_{i['key']} > 0" for i in content["indicators"]) or "1=0"
        cursor.execute(f"DROP TABLE IF EXISTS {SCRATCH}_hit")
        cursor.execute(
            f"CREATE TEMPORARY TABLE {SCRATCH}_hit AS SELECT * FROM {SCRATCH} WHERE {any_indicator}"
        )
        contributions = []
        for indicator in content["indicators"]:
            key = indicator["key"]
            cap = indicator.get(
                "cap", indicator["points"] if indicator["kind"] != "events" else None
            )
            contributions.append(
                f"SELECT %s, entity_id, '{key}', {capped(f'c_{key}', indicator['points'], cap)}, "
                f"c_{key} FROM {SCRATCH}_hit WHERE c_{key} > 0"
            )
        if contributions:
            cursor.execute(
                f"INSERT INTO {t['contribution']} (run_id, entity_id, indicator, points, "
                f"record_count) " + " UNION ALL ".join(contributions),
                [run.pk] * len(contributions),
            )
        _write_evidence(cursor, t, run, content, as_of)
        cursor.execute(f"DROP TABLE {SCRATCH}_hit")
        cursor.execute(f"DROP TABLE {SCRATCH}")
    return count


def _write_evidence(cursor, t, run, content, as_of) -> None:
    """One row per record behind an indicator, for the entities just assessed."""
    selects, params = [], []
    event_cases, case_params, any_conditions, any_params = [], [], [], []
    for indicator in content["indicators"]:
        if indicator["kind"] == "events":
            condition, condition_params = event_condition(indicator, as_of)
            event_cases.append(f"WHEN {condition} THEN '{indicator['key']}'")
            case_params += condition_params
            any_conditions.append(f"({condition})")
            any_params += condition_params
    if event_cases:
        # Indicators never share an event (validate_model), so one pass assigns each event.
        selects.append(
            f"SELECT %s, s.entity_id, CASE {' '.join(event_cases)} END, 'credit_event', ev.id, "
            f"ev.occurred_on FROM {SCRATCH}_hit s JOIN {t['event']} ev "
            f"ON ev.entity_id = s.entity_id WHERE {' OR '.join(any_conditions)}"
        )
        params += [run.pk, *case_params, *any_params]
    for indicator in content["indicators"]:
        key, kind = indicator["key"], indicator["kind"]
        if kind == "events":
            continue
        if kind == "list_active":
            selects.append(
                f"SELECT %s, s.entity_id, '{key}', 'list_entry', le.id, le.listed_on "
                f"FROM {SCRATCH}_hit s JOIN {t['list']} le ON le.entity_id = s.entity_id "
                f"WHERE s.c_{key} > 0 AND le.list_kind = %s AND {list_condition()}"
            )
            params += [run.pk, indicator["list_kind"], as_of, as_of]
        elif kind == "entity_young":
            selects.append(
                f"SELECT %s, s.entity_id, '{key}', 'entity', e.id, e.established_on "
                f"FROM {SCRATCH}_hit s JOIN {t['entity']} e ON e.id = s.entity_id "
                f"WHERE s.c_{key} > 0"
            )
            params += [run.pk]
        else:
            # The serious-list entries with their representatives' ID hashes (never names:
            # two people may share a name), indexed, so each assessed entity finds its related
            # listings by one index lookup.
            cursor.execute(f"DROP TABLE IF EXISTS {SCRATCH}_reps")
            cursor.execute(
                f"CREATE TEMPORARY TABLE {SCRATCH}_reps AS SELECT e2.legal_representative_id_hash "
                f"AS representative, e2.id AS listed_id, le.id AS entry_id, le.listed_on AS "
                f"listed_on FROM {t['list']} le JOIN {t['entity']} e2 ON e2.id = le.entity_id "
                f"WHERE le.list_kind = 'serious' AND {list_condition()} "
                f"AND e2.legal_representative_id_hash <> ''",
                [as_of, as_of],
            )
            cursor.execute(f"CREATE INDEX {SCRATCH}_reps_name ON {SCRATCH}_reps (representative)")
            # CROSS JOIN keeps SQLite's loop order (assessed entities outermost); PostgreSQL
            # plans it freely.
            selects.append(
                f"SELECT %s, s.entity_id, '{key}', 'list_entry', r.entry_id, r.listed_on "
                f"FROM {SCRATCH}_hit s CROSS JOIN {t['entity']} e CROSS JOIN {SCRATCH}_reps r "
                f"WHERE s.c_{key} > 0 AND e.id = s.entity_id "
                f"AND r.representative = e.legal_representative_id_hash AND r.listed_id <> e.id"
            )
            params += [run.pk]
    if selects:
        cursor.execute(
            f"INSERT INTO {t['evidence']} (run_id, entity_id, indicator, record_type, record_id, "
            f"record_on) " + " UNION ALL ".join(selects),
            params,
        )
    cursor.execute(f"DROP TABLE IF EXISTS {SCRATCH}_reps")
