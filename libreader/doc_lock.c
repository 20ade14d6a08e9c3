/* The document's lock: a reader-writer lock that mutations (annotation's
 * merge, glossing, words, summaries) take exclusively and whole-document
 * readers (the writers, token look-ups) take shared, so readers see the old
 * or the new state, never a mix. In its own file so that token.c and the
 * writers can lock without depending on doc.c (which depends on them). */
#define _POSIX_C_SOURCE 200809L /* pthread_rwlock_t */
#include <pthread.h>
#include <stdlib.h>

#include "model.h"

/* The document each thread holds exclusively (at most one at a time:
 * no mutator works on two documents), so that mutators may call readers
 * and each other without deadlocking on their own lock. */
static _Thread_local const rd_doc *writing;

struct rd__doc_rwlock { pthread_rwlock_t rw; };

int rd__doc_lock_init(rd_doc *doc) {
  if (!(doc->lock = malloc(sizeof *doc->lock))) return -1;
  if (pthread_rwlock_init(&doc->lock->rw, NULL) != 0) { free(doc->lock); doc->lock = NULL; return -1; }
  return 0;
}

/* The document this thread holds shared at the outermost level, so that
 * a reader inside a reader (a token look-up while a writer walks the
 * document: once per token) costs a thread-local test, not a lock. */
static _Thread_local const rd_doc *reading;

int rd__doc_lock(const rd_doc *doc, int write) {
  if (writing == doc || (!write && reading == doc)) return 0;
  pthread_rwlock_t *l = &doc->lock->rw; /* a const document still locks: the lock is not its value */
  if (write) {
    pthread_rwlock_wrlock(l);
    writing = doc;
  } else {
    pthread_rwlock_rdlock(l);
    if (!reading) { reading = doc; return 2; }
  }
  return 1;
}

void rd__doc_unlock(const rd_doc *doc, int took) {
  if (!took) return;
  if (writing == doc) writing = NULL;
  if (took == 2) reading = NULL;
  pthread_rwlock_unlock(&doc->lock->rw);
}

void rd__doc_lock_dispose(rd_doc *doc) {
  if (!doc->lock) return;
  pthread_rwlock_destroy(&doc->lock->rw);
  free(doc->lock);
  doc->lock = NULL;
}
