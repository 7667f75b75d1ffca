/*
 * push-probe: the libgit2 push that `release-mirror sync` does, without the Swift runtime, so
 * that valgrind (callgrind) can profile it (valgrind 3.19 cannot run the Swift binary: it chokes
 * on its DWARF 5 and on libdispatch's signal thread).
 *
 *   push-probe push REPO URL [THREADS] < refspecs   git_remote_push, pb_parallelism = THREADS
 *                                                   (default 0 = one thread per core)
 *   push-probe pack REPO [THREADS]        < refspecs   the same pack built in memory, no transport:
 *                                                   revwalk + git_packbuilder_insert_walk +
 *                                                   git_packbuilder_foreach into a counter
 *   push-probe fetch REPO URL             < refspecs   git_remote_fetch as sync does it (no tag
 *                                                   auto-follow, prune), e.g. into an empty repo
 * Refspecs are "src:dst" lines, as release-mirror pushes them. Prints the phase times on stderr.
 *
 * Process-wide libgit2 options to try (environment variables):
 *   PROBE_STRICT_HASH=0      GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION off (no SHA-1 of every object read)
 *   PROBE_CACHE_MAX=BYTES    GIT_OPT_SET_CACHE_MAX_SIZE (the object cache; libgit2's default is 256 MiB)
 *   PROBE_CACHING=0          GIT_OPT_ENABLE_CACHING off
 */
#include <git2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void check(int rc, const char *what)
{
	if (rc < 0) {
		const git_error *e = git_error_last();
		fprintf(stderr, "push-probe: %s: %s\n", what, e ? e->message : "(no message)");
		exit(1);
	}
}

static double t0, t_phase;
static int last_stage = -1;

static int pack_progress(int stage, uint32_t current, uint32_t total, void *payload)
{
	(void)payload;
	if (stage != last_stage) {
		double t = now();
		if (last_stage >= 0)
			fprintf(stderr, "  stage %s done: %.2f s\n",
				last_stage == GIT_PACKBUILDER_ADDING_OBJECTS ? "adding objects" : "deltification",
				t - t_phase);
		t_phase = t;
		last_stage = stage;
	}
	(void)current; (void)total;
	return 0;
}

static int count_bytes(void *buf, size_t size, void *payload)
{
	(void)buf;
	*(size_t *)payload += size;
	return 0;
}

static int read_refspecs(git_strarray *out)
{
	size_t cap = 64, n = 0;
	char line[4096];
	char **v = malloc(cap * sizeof(*v));
	while (fgets(line, sizeof line, stdin)) {
		size_t len = strcspn(line, "\r\n");
		line[len] = 0;
		if (!len)
			continue;
		if (n == cap)
			v = realloc(v, (cap *= 2) * sizeof(*v));
		v[n++] = strdup(line);
	}
	out->strings = v;
	out->count = n;
	return 0;
}

int main(int argc, char **argv)
{
	git_repository *repo;
	git_strarray specs;
	const char *mode = argc > 1 ? argv[1] : "";

	if (argc < 3 || (strcmp(mode, "push") && strcmp(mode, "pack") && strcmp(mode, "fetch"))) {
		fprintf(stderr, "usage: push-probe push REPO URL [THREADS] | pack REPO [THREADS] | fetch REPO URL  < refspecs\n");
		return 2;
	}
	git_libgit2_init();
	if (getenv("PROBE_STRICT_HASH"))
		git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, atoi(getenv("PROBE_STRICT_HASH")));
	if (getenv("PROBE_CACHE_MAX"))
		git_libgit2_opts(GIT_OPT_SET_CACHE_MAX_SIZE, (ssize_t)atoll(getenv("PROBE_CACHE_MAX")));
	if (getenv("PROBE_CACHING"))
		git_libgit2_opts(GIT_OPT_ENABLE_CACHING, atoi(getenv("PROBE_CACHING")));
	check(git_repository_open(&repo, argv[2]), "open repository");
	read_refspecs(&specs);
	t0 = t_phase = now();

	if (!strcmp(mode, "fetch")) {
		git_remote *remote;
		git_fetch_options opts;
		const git_indexer_progress *stats;
		if (argc < 4) {
			fprintf(stderr, "push-probe fetch: URL missing\n");
			return 2;
		}
		check(git_remote_create_anonymous(&remote, repo, argv[3]), "open remote");
		check(git_fetch_options_init(&opts, GIT_FETCH_OPTIONS_VERSION), "fetch options");
		opts.prune = GIT_FETCH_PRUNE;
		opts.download_tags = GIT_REMOTE_DOWNLOAD_TAGS_NONE;
		opts.update_fetchhead = 0;
		check(git_remote_fetch(remote, &specs, &opts, "push-probe: fetch"), "fetch");
		stats = git_remote_stats(remote);
		fprintf(stderr, "push-probe: fetched %u objects (%zu bytes) in %.2f s\n",
			stats->received_objects, stats->received_bytes, now() - t0);
		git_remote_free(remote);
	} else if (!strcmp(mode, "push")) {
		git_remote *remote;
		git_push_options opts;
		if (argc < 4) {
			fprintf(stderr, "push-probe push: URL missing\n");
			return 2;
		}
		check(git_remote_create_anonymous(&remote, repo, argv[3]), "open remote");
		check(git_push_options_init(&opts, GIT_PUSH_OPTIONS_VERSION), "push options");
		opts.pb_parallelism = argc > 4 ? (unsigned)atoi(argv[4]) : 0;
		opts.callbacks.pack_progress = pack_progress;
		check(git_remote_push(remote, &specs, &opts), "push");
		fprintf(stderr, "push-probe: pushed %zu refspec(s) in %.2f s\n", specs.count, now() - t0);
		git_remote_free(remote);
	} else {
		git_packbuilder *pb;
		git_revwalk *walk;
		size_t i, bytes = 0;
		check(git_packbuilder_new(&pb, repo), "packbuilder");
		git_packbuilder_set_threads(pb, argc > 3 ? (unsigned)atoi(argv[3]) : 0);
		git_packbuilder_set_callbacks(pb, pack_progress, NULL);
		check(git_revwalk_new(&walk, repo), "revwalk");
		git_revwalk_sorting(walk, GIT_SORT_TIME);
		for (i = 0; i < specs.count; i++) {
			char *src = strdup(specs.strings[i]), *colon = strchr(src, ':');
			git_object *obj, *peeled;
			if (colon)
				*colon = 0;
			check(git_revparse_single(&obj, repo, src), src);
			if (git_object_type(obj) == GIT_OBJECT_TAG) {
				check(git_packbuilder_insert(pb, git_object_id(obj), NULL), "insert tag");
				check(git_object_peel(&peeled, obj, GIT_OBJECT_COMMIT), "peel");
				check(git_revwalk_push(walk, git_object_id(peeled)), "walk push");
				git_object_free(peeled);
			} else {
				check(git_revwalk_push(walk, git_object_id(obj)), "walk push");
			}
			git_object_free(obj);
			free(src);
		}
		check(git_packbuilder_insert_walk(pb, walk), "insert walk");
		fprintf(stderr, "  enumerated %zu objects: %.2f s\n", git_packbuilder_object_count(pb), now() - t0);
		check(git_packbuilder_foreach(pb, count_bytes, &bytes), "build pack");
		fprintf(stderr, "push-probe: pack of %zu objects, %.1f MiB, in %.2f s\n",
			git_packbuilder_object_count(pb), bytes / 1048576.0, now() - t0);
		git_revwalk_free(walk);
		git_packbuilder_free(pb);
	}
	git_strarray_dispose(&specs);
	git_repository_free(repo);
	git_libgit2_shutdown();
	return 0;
}
