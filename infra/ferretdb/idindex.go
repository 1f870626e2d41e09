package main

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	_ "modernc.org/sqlite" // the SQLite driver FerretDB itself uses
)

// FerretDB v1.24.2's SQLite backend indexes `_id` as `_ferretdb_sjson->'_id'` but filters on
// `_ferretdb_sjson->'$._id'`, so SQLite never uses that index: every find, update and delete by `_id`
// scans the whole collection. Until that is fixed upstream, we add an index on the expression the queries
// actually use, to every collection table, shortly after FerretDB creates it. FerretDB does not see or manage
// these indexes; dropping a collection drops its table and the index with it.
func indexIDsForever(ctx context.Context, dir string, every time.Duration, logger *slog.Logger) {
	done := map[string]bool{}
	for {
		indexIDs(ctx, dir, done, logger)
		select {
		case <-ctx.Done():
			return
		case <-time.After(every):
		}
	}
}

func indexIDs(ctx context.Context, dir string, done map[string]bool, logger *slog.Logger) {
	files, _ := filepath.Glob(filepath.Join(dir, "*.sqlite"))
	for _, file := range files {
		if err := indexFile(ctx, file, done); err != nil && ctx.Err() == nil {
			logger.Debug("id index pass failed", slog.String("file", file), slog.String("error", err.Error()))
		}
	}
}

func indexFile(ctx context.Context, file string, done map[string]bool) error {
	db, err := sql.Open("sqlite", "file:"+file+"?_pragma=busy_timeout(10000)")
	if err != nil {
		return err
	}
	defer db.Close()
	db.SetMaxOpenConns(1)

	rows, err := db.QueryContext(ctx, `SELECT table_name FROM _ferretdb_collections`)
	if err != nil {
		return err
	}
	var tables []string
	for rows.Next() {
		var table string
		if err := rows.Scan(&table); err != nil {
			rows.Close()
			return err
		}
		if !done[file+"/"+table] {
			tables = append(tables, table)
		}
	}
	rows.Close()

	for _, table := range tables {
		q := fmt.Sprintf(`CREATE INDEX IF NOT EXISTS %q ON %q (_ferretdb_sjson->'$._id')`, table+"__id_expr", table)
		if _, err := db.ExecContext(ctx, q); err != nil {
			return err
		}
		done[file+"/"+table] = true
	}
	return nil
}

// sqliteDir is the folder of a `file:DIR/` SQLite URI.
func sqliteDir(uri string) string {
	u, err := url.Parse(uri)
	if err != nil {
		return ""
	}
	dir := u.Opaque
	if dir == "" {
		dir = u.Path
	}
	dir = strings.TrimSuffix(dir, "/")
	if info, err := os.Stat(dir); err != nil || !info.IsDir() {
		return ""
	}
	return dir
}
