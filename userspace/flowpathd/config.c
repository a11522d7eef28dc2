// SPDX-License-Identifier: GPL-2.0
/*
 * The config file: parsed whole before anything uses it (one bad line and
 * nothing is taken), and replaced atomically when it is saved.
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "config.h"

#define MAX_WORDS 8
#define CONFIG_MAX_SIZE (64u << 20)

struct line {
	const char *file;
	unsigned int no;
	char *words[MAX_WORDS];
	int n_words;
};

static int say(char *why, size_t whylen, int ret, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static int say(char *why, size_t whylen, int ret, const char *fmt, ...)
{
	va_list ap;

	if (why && whylen) {
		va_start(ap, fmt);
		vsnprintf(why, whylen, fmt, ap);
		va_end(ap);
	}
	return ret;
}

/* ---- one line ---- */

static char *skip_space(char *p)
{
	while (*p == ' ' || *p == '\t' || *p == '\r')
		p++;
	return p;
}

static void trim_end(char *s)
{
	size_t n = strlen(s);

	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
		s[--n] = '\0';
}

/* Cuts the next word out of *p (modified in place); NULL at the end. */
static char *next_word(char **p)
{
	char *w = skip_space(*p);

	if (!*w)
		return NULL;
	*p = w + strcspn(w, " \t\r");
	if (**p)
		*(*p)++ = '\0';
	return w;
}

/*
 * Splits text (modified) into words, dropping a '#' comment. For "rule",
 * everything after the bridge is one word: a rule may contain spaces.
 */
static int split_line(struct line *l, char *text)
{
	char *hash = strchr(text, '#');
	char *p = text, *w;

	if (hash)
		*hash = '\0';
	trim_end(text);
	l->n_words = 0;
	while (l->n_words < MAX_WORDS && (w = next_word(&p))) {
		l->words[l->n_words++] = w;
		if (l->n_words == 2 && !strcmp(l->words[0], "rule")) {
			p = skip_space(p);
			if (*p)
				l->words[l->n_words++] = p;
			return 0;
		}
	}
	return *skip_space(p) ? -E2BIG : 0;
}

static int line_err(const struct line *l, char *why, size_t whylen,
		    const char *token, const char *reason)
{
	return say(why, whylen, -EINVAL, "%s:%u: '%s': %s", l->file, l->no,
		   token, reason);
}

/* Messages from the model start with the token already: keep them whole. */
static int line_err_raw(const struct line *l, char *why, size_t whylen,
			const char *msg)
{
	return say(why, whylen, -EINVAL, "%s:%u: %s", l->file, l->no, msg);
}

static int take_bridge(struct fpd_config *cfg, const struct line *l,
		       char *why, size_t whylen)
{
	char msg[FPD_WHY_LEN];

	if (l->n_words != 2)
		return line_err(l, why, whylen, l->words[0],
				"wants one word after it: bridge NAME");
	if (fpd_config_add_bridge(cfg, l->words[1], msg, sizeof(msg)))
		return line_err(l, why, whylen, l->words[1], msg);
	return 0;
}

static int take_port(struct fpd_config *cfg, const struct line *l,
		     char *why, size_t whylen)
{
	struct fpd_port_conf port = { 0 };
	char msg[FPD_WHY_LEN];
	int i;

	if (l->n_words < 3)
		return line_err(l, why, whylen, l->words[0],
				"wants: port BRIDGE PORT [access=VID|trunks=LIST] [policy=POLICY]");
	if (!fpd_config_bridge(cfg, l->words[1]))
		return line_err(l, why, whylen, l->words[1],
				"no such bridge (declare it with a bridge line first)");
	if (fpd_ifname_check("port", l->words[2], msg, sizeof(msg)))
		return line_err(l, why, whylen, l->words[2], msg);
	snprintf(port.name, sizeof(port.name), "%s", l->words[2]);
	for (i = 3; i < l->n_words; i++)
		if (fpd_port_opt_parse(&port, l->words[i], msg, sizeof(msg)))
			return line_err(l, why, whylen, l->words[i], msg);
	if (fpd_config_add_port(cfg, l->words[1], &port, msg, sizeof(msg)))
		return line_err(l, why, whylen, l->words[2], msg);
	return 0;
}

static int take_rule(struct fpd_config *cfg, const struct line *l,
		     fpd_rule_check_fn check, void *arg, char *why,
		     size_t whylen)
{
	char msg[FPD_WHY_LEN];

	if (l->n_words != 3)
		return line_err(l, why, whylen, l->words[0],
				"wants: rule BRIDGE RULE");
	if (!fpd_config_bridge(cfg, l->words[1]))
		return line_err(l, why, whylen, l->words[1],
				"no such bridge (declare it with a bridge line first)");
	if (check && check(l->words[1], l->words[2], msg, sizeof(msg), arg))
		return line_err_raw(l, why, whylen, msg);
	if (fpd_config_add_rule(cfg, l->words[1], l->words[2], NULL))
		return say(why, whylen, -ENOMEM, "out of memory");
	return 0;
}

static int take_policy(struct fpd_config *cfg, const struct line *l,
		       char *why, size_t whylen)
{
	char msg[FPD_WHY_LEN];

	if (l->n_words != 2)
		return line_err(l, why, whylen, l->words[0],
				"wants one word after it: policy hw|tc|tc-sw|kmod");
	if (fpd_policy_parse(l->words[1], 0, &cfg->policy, msg, sizeof(msg)))
		return line_err(l, why, whylen, l->words[1], msg);
	return 0;
}

static int take_line(struct fpd_config *cfg, struct line *l, char *text,
		     fpd_rule_check_fn check, void *arg, char *why,
		     size_t whylen)
{
	if (split_line(l, text))
		return line_err(l, why, whylen, l->words[0], "too many words");
	if (l->n_words == 0)
		return 0;
	if (!strcmp(l->words[0], "bridge"))
		return take_bridge(cfg, l, why, whylen);
	if (!strcmp(l->words[0], "port"))
		return take_port(cfg, l, why, whylen);
	if (!strcmp(l->words[0], "rule"))
		return take_rule(cfg, l, check, arg, why, whylen);
	if (!strcmp(l->words[0], "policy"))
		return take_policy(cfg, l, why, whylen);
	return line_err(l, why, whylen, l->words[0],
			"unknown statement (expected policy, bridge, port or rule)");
}

/* ---- a whole file ---- */

int fpd_config_parse(struct fpd_config *cfg, const char *text,
		     const char *name, fpd_rule_check_fn check, void *arg,
		     char *why, size_t whylen)
{
	struct line l = { .file = name };
	char *copy = strdup(text), *p, *nl;
	int err = 0;

	if (!copy)
		return say(why, whylen, -ENOMEM, "out of memory");
	for (p = copy; p && !err; p = nl) {
		nl = strchr(p, '\n');
		if (nl)
			*nl++ = '\0';
		l.no++;
		err = take_line(cfg, &l, p, check, arg, why, whylen);
	}
	free(copy);
	if (err)
		fpd_config_free(cfg);
	return err;
}

static int read_file(const char *path, char **text, char *why, size_t whylen)
{
	FILE *f = fopen(path, "r");
	size_t n;

	if (!f)
		return say(why, whylen, -errno, "cannot open config %s: %s", path,
			   strerror(errno));
	*text = malloc(CONFIG_MAX_SIZE + 1);
	n = *text ? fread(*text, 1, CONFIG_MAX_SIZE + 1, f) : 0;
	if (!*text || ferror(f) || n > CONFIG_MAX_SIZE) {
		int err = !*text ? -ENOMEM : ferror(f) ? -EIO : -EFBIG;

		fclose(f);
		free(*text);
		return say(why, whylen, err, "cannot read config %s: %s", path,
			   err == -EFBIG ? "larger than 64 MiB" : strerror(-err));
	}
	fclose(f);
	(*text)[n] = '\0';
	if (memchr(*text, '\0', n)) {
		free(*text);
		return say(why, whylen, -EINVAL, "config %s holds a NUL byte: not a text file",
			   path);
	}
	return 0;
}

int fpd_config_load(struct fpd_config *cfg, const char *path,
		    fpd_rule_check_fn check, void *arg, char *why,
		    size_t whylen)
{
	char *text = NULL;
	int err;

	err = read_file(path, &text, why, whylen);
	if (err)
		return err;
	err = fpd_config_parse(cfg, text, path, check, arg, why, whylen);
	free(text);
	return err;
}

int fpd_config_write(const struct fpd_config *cfg, FILE *f)
{
	char opt[FPD_WHY_LEN];
	size_t i, j;

	fprintf(f, "# flowpathd configuration, rewritten by flowpathd after every change.\n"
		   "# policy hw|tc|tc-sw|kmod | bridge NAME |\n"
		   "# port BRIDGE PORT [access=VID|trunks=LIST] [policy=POLICY] | rule BRIDGE RULE\n");
	if (cfg->policy != FPD_POLICY_DEFAULT)
		fprintf(f, "\npolicy %s\n", fpd_policy_name(cfg->policy));
	for (i = 0; i < cfg->n_bridges; i++) {
		const struct fpd_bridge_conf *br = &cfg->bridges[i];

		fprintf(f, "\nbridge %s\n", br->name);
		for (j = 0; j < br->n_ports; j++) {
			fpd_port_opt_format(&br->ports[j], opt, sizeof(opt));
			fprintf(f, "port %s %s%s%s\n", br->name, br->ports[j].name,
				*opt ? " " : "", opt);
		}
		for (j = 0; j < br->n_rules; j++)
			fprintf(f, "rule %s %s\n", br->name, br->rules[j].text);
	}
	return ferror(f) ? -EIO : 0;
}

/* ---- atomic save ---- */

static int fsync_dir_of(const char *path)
{
	char *copy = strdup(path);
	int fd, err = 0;

	if (!copy)
		return -ENOMEM;
	fd = open(dirname(copy), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	free(copy);
	if (fd < 0)
		return -errno;
	if (fsync(fd))
		err = -errno;
	close(fd);
	return err;
}

static int write_tmp(const struct fpd_config *cfg, const char *tmp)
{
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	FILE *f;
	int err;

	if (fd < 0)
		return -errno;
	f = fdopen(fd, "w");
	if (!f) {
		err = -errno;
		close(fd);
		return err;
	}
	err = fpd_config_write(cfg, f);
	if (!err && fflush(f))
		err = -errno;
	if (!err && fsync(fd))
		err = -errno;
	if (fclose(f) && !err)
		err = -errno;
	return err;
}

int fpd_config_save(const struct fpd_config *cfg, const char *path,
		    char *why, size_t whylen)
{
	char tmp[4096];
	int err;

	if ((size_t)snprintf(tmp, sizeof(tmp), "%s.tmp", path) >= sizeof(tmp))
		return say(why, whylen, -ENAMETOOLONG, "config path %s is too long",
			   path);
	err = write_tmp(cfg, tmp);
	if (err) {
		unlink(tmp);
		return say(why, whylen, err, "cannot write %s: %s", tmp,
			   strerror(-err));
	}
	if (rename(tmp, path)) {
		err = -errno;
		unlink(tmp);
		return say(why, whylen, err, "cannot rename %s to %s: %s", tmp,
			   path, strerror(-err));
	}
	err = fsync_dir_of(path);
	if (err)
		return say(why, whylen, err, "saved %s, but syncing its directory failed: %s",
			   path, strerror(-err));
	return 0;
}
