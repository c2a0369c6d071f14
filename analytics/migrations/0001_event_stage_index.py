"""An index for the dashboard's event aggregate, on a table the applications app owns.

The figures read every non-note event of one user grouped by application. A partial covering
index lets PostgreSQL answer that from the index alone (no heap visits, notes skipped). It is
created here, with raw SQL, because analytics must not edit the applications models; the
reverse drops it.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("applications", "0002_initial")]

    operations = [
        migrations.RunSQL(
            sql=(
                "CREATE INDEX IF NOT EXISTS analytics_event_user_app_stage "
                "ON applications_event (user_id, application_id) "
                "INCLUDE (kind, from_status, to_status, occurred_at) "
                "WHERE kind <> 'note'"
            ),
            reverse_sql="DROP INDEX IF EXISTS analytics_event_user_app_stage",
        ),
    ]
