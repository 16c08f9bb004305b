/// The gradebook's schema as an ordered list of migrations.
///
/// A migration is never edited once released: a change to the schema is a new entry at
/// the end. `grading/README.md` documents the tables with example queries.
enum GradebookSchema {
    static let migrations: [String] = [
        // 1: the first schema.
        """
        CREATE TABLE students (
            id TEXT PRIMARY KEY,
            first_seen_at TEXT NOT NULL
        );
        CREATE TABLE labs (
            id TEXT PRIMARY KEY,
            title TEXT NOT NULL,
            module TEXT NOT NULL,
            deadline TEXT NOT NULL,
            possible REAL NOT NULL
        );
        CREATE TABLE parts (
            lab_id TEXT NOT NULL REFERENCES labs(id),
            part INTEGER NOT NULL,
            title TEXT NOT NULL,
            points REAL NOT NULL,
            PRIMARY KEY (lab_id, part)
        );
        CREATE TABLE tests (
            lab_id TEXT NOT NULL REFERENCES labs(id),
            test_id TEXT NOT NULL,
            name TEXT NOT NULL,
            part INTEGER NOT NULL,
            hidden INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (lab_id, test_id)
        );
        CREATE TABLE runs (
            id INTEGER PRIMARY KEY,
            started_at TEXT NOT NULL,
            finished_at TEXT,
            status TEXT NOT NULL CHECK (status IN ('running', 'finished', 'interrupted')),
            operator TEXT NOT NULL,
            host TEXT NOT NULL,
            command TEXT NOT NULL,
            toolchain TEXT NOT NULL,
            kit_version TEXT NOT NULL,
            shard TEXT,
            duration_seconds REAL
        );
        CREATE TABLE submissions (
            id INTEGER PRIMARY KEY,
            student_id TEXT NOT NULL REFERENCES students(id),
            lab_id TEXT NOT NULL REFERENCES labs(id),
            content_hash TEXT NOT NULL,
            submitted_at TEXT NOT NULL,
            time_source TEXT NOT NULL CHECK (time_source IN ('manifest', 'modification-time')),
            file_count INTEGER NOT NULL,
            byte_count INTEGER NOT NULL,
            UNIQUE (student_id, lab_id, content_hash, submitted_at)
        );
        CREATE TABLE gradings (
            id INTEGER PRIMARY KEY,
            run_id INTEGER NOT NULL REFERENCES runs(id),
            submission_id INTEGER NOT NULL REFERENCES submissions(id),
            tests_hash TEXT NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('graded', 'build-failed', 'rejected', 'error')),
            message TEXT,
            started_at TEXT NOT NULL,
            finished_at TEXT NOT NULL,
            duration_seconds REAL NOT NULL,
            attempts INTEGER NOT NULL,
            log TEXT,
            anomalies TEXT
        );
        CREATE INDEX gradings_by_submission ON gradings(submission_id);
        CREATE TABLE results (
            grading_id INTEGER NOT NULL REFERENCES gradings(id),
            test_id TEXT NOT NULL,
            status TEXT NOT NULL
                CHECK (status IN ('passed', 'failed', 'crashed', 'timedOut', 'skipped', 'notRun')),
            message TEXT,
            duration_seconds REAL,
            points REAL NOT NULL,
            possible REAL NOT NULL,
            PRIMARY KEY (grading_id, test_id)
        );
        CREATE TABLE part_scores (
            grading_id INTEGER NOT NULL REFERENCES gradings(id),
            part INTEGER NOT NULL,
            earned REAL NOT NULL,
            possible REAL NOT NULL,
            PRIMARY KEY (grading_id, part)
        );
        CREATE TABLE lab_scores (
            grading_id INTEGER PRIMARY KEY REFERENCES gradings(id),
            earned REAL NOT NULL,
            possible REAL NOT NULL,
            late_seconds REAL NOT NULL,
            penalty_percent REAL NOT NULL,
            penalty_points REAL NOT NULL,
            score REAL NOT NULL
        );
        CREATE TABLE adjustments (
            id INTEGER PRIMARY KEY,
            student_id TEXT NOT NULL REFERENCES students(id),
            lab_id TEXT NOT NULL REFERENCES labs(id),
            points REAL NOT NULL,
            reason TEXT NOT NULL CHECK (length(trim(reason)) > 0),
            created_at TEXT NOT NULL,
            created_by TEXT NOT NULL
        );
        CREATE VIEW latest_gradings AS
            SELECT s.student_id, s.lab_id, g.*
            FROM gradings g JOIN submissions s ON s.id = g.submission_id
            WHERE g.id = (
                SELECT g2.id FROM gradings g2 JOIN submissions s2 ON s2.id = g2.submission_id
                WHERE s2.student_id = s.student_id AND s2.lab_id = s.lab_id
                ORDER BY s2.submitted_at DESC, g2.id DESC LIMIT 1
            );
        CREATE VIEW current_scores AS
            SELECT lg.student_id, lg.lab_id, lg.id AS grading_id, lg.status,
                   COALESCE(ls.earned, 0) AS earned,
                   COALESCE(ls.possible, l.possible) AS possible,
                   COALESCE(ls.penalty_points, 0) AS penalty_points,
                   COALESCE((SELECT SUM(a.points) FROM adjustments a
                             WHERE a.student_id = lg.student_id AND a.lab_id = lg.lab_id), 0) AS adjustment,
                   MAX(0, COALESCE(ls.score, 0) + COALESCE((SELECT SUM(a.points) FROM adjustments a
                             WHERE a.student_id = lg.student_id AND a.lab_id = lg.lab_id), 0)) AS total
            FROM latest_gradings lg
            JOIN labs l ON l.id = lg.lab_id
            LEFT JOIN lab_scores ls ON ls.grading_id = lg.id;
        """
    ]
}
