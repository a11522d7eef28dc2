// SPDX-License-Identifier: GPL-2.0
/*
 * flowpathd's command dispatch, on a daemon with no bridge and no kernel:
 * what fpctl gets back for unknown commands, wrong word counts, missing
 * bridges and words no netdev could have - status, stdout and stderr.
 */
#include <criterion/criterion.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../userspace/flowpathd/ctl.h"

struct result {
	int status;
	char *out, *err;
	size_t out_len, err_len;
};

static struct fpd d;

static void setup(void)
{
	memset(&d, 0, sizeof(d));
	pthread_mutex_init(&d.mutex, NULL);
	pthread_rwlock_init(&d.bridges_lock, NULL);
	fpd_config_init(&d.conf);
	d.opts.config_path = "/nonexistent/flowpathd.conf";
}

static void teardown(void)
{
	fpd_config_free(&d.conf);
	pthread_rwlock_destroy(&d.bridges_lock);
	pthread_mutex_destroy(&d.mutex);
}

TestSuite(ctl_commands, .init = setup, .fini = teardown);

/* Runs the words (NULL-terminated) with flags, as the socket would. */
static struct result run(uint32_t flags, const char *word, ...)
{
	struct ctl_request req = { .flags = flags };
	char *argv[16];
	struct result r = { 0 };
	FILE *out = open_memstream(&r.out, &r.out_len);
	FILE *err = open_memstream(&r.err, &r.err_len);
	va_list ap;

	va_start(ap, word);
	for (; word && req.argc < 15; word = va_arg(ap, const char *))
		argv[req.argc++] = (char *)word;
	va_end(ap);
	argv[req.argc] = NULL;
	req.argv = argv;
	r.status = fpd_command_run(&d, &req, out, err);
	fclose(out);
	fclose(err);
	return r;
}

static void done(struct result *r)
{
	free(r->out);
	free(r->err);
}

Test(ctl_commands, unknown_command_is_a_usage_error)
{
	struct result r = run(0, "frobnicate", "br0", NULL);

	cr_expect_eq(r.status, 2);
	cr_expect_str_eq(r.err, "flowpathd has no command 'frobnicate' (is fpctl newer than flowpathd?)\n");
	cr_expect_str_eq(r.out, "");
	done(&r);
}

Test(ctl_commands, word_counts_are_checked_before_anything_runs)
{
	struct result r = run(0, "add-port", "br0", NULL);

	cr_expect_eq(r.status, 2);
	cr_expect_str_eq(r.err, "missing arguments; usage: fpctl add-port BRIDGE PORT [access=VID|trunks=LIST] [policy=POLICY]\n");
	done(&r);
	r = run(0, "del-br", "br0", "br1", NULL);
	cr_expect_eq(r.status, 2);
	cr_expect(strstr(r.err, "too many arguments; usage: fpctl del-br BRIDGE"), "%s", r.err);
	done(&r);
}

Test(ctl_commands, missing_bridge_is_a_refusal)
{
	const char *cmds[] = { "del-br", "dump-rules", "dump-macs", "show", "dump-flows" };
	size_t i;

	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
		struct result r = run(0, cmds[i], "br9", NULL);

		cr_expect_eq(r.status, 1, "%s", cmds[i]);
		cr_expect_str_eq(r.err, "no bridge named br9\n", "%s", cmds[i]);
		done(&r);
	}
}

Test(ctl_commands, bad_names_are_refused_before_the_kernel)
{
	struct result r = run(0, "add-br", "a/b", NULL);

	cr_expect_eq(r.status, 2);
	cr_expect_str_eq(r.err, "'a/b': cannot name a bridge: it contains '/', ':', '#' or white space\n");
	cr_expect_eq(d.conf.n_bridges, 0, "nothing added to the config");
	done(&r);
	r = run(0, "add-port", "br0", "0123456789abcdef", NULL);
	cr_expect_eq(r.status, 2);
	cr_expect(strstr(r.err, "cannot name a port: it is longer than 15 characters"), "%s", r.err);
	done(&r);
	r = run(0, "del-port", "p1", NULL);
	cr_expect_eq(r.status, 1);
	cr_expect_str_eq(r.err, "no port named p1\n");
	done(&r);
}

Test(ctl_commands, add_port_takes_a_vlan_option_and_a_policy)
{
	struct result r = run(0, "add-port", "br0", "p1", "access=10", "access=20", NULL);

	cr_expect_eq(r.status, 2);
	cr_expect_str_eq(r.err, "'access=20': a port takes one of access=VID or trunks=LIST, once\n");
	done(&r);
	r = run(0, "add-port", "br0", "p1", "policy=tc", "policy=kmod", NULL);
	cr_expect_eq(r.status, 2);
	cr_expect_str_eq(r.err, "'policy=kmod': a port takes policy= once\n");
	done(&r);
	/* Both parse: what stops it is the missing bridge. */
	r = run(0, "add-port", "br0", "p1", "trunks=10,20", "policy=tc-sw", NULL);
	cr_expect_eq(r.status, 1);
	cr_expect_str_eq(r.err, "no bridge named br0\n");
	done(&r);
	r = run(0, "add-port", "br0", "p1", "access=10", "policy=tc", "x", NULL);
	cr_expect_eq(r.status, 2, "a fifth argument is one too many");
	done(&r);
}

Test(ctl_commands, show_with_no_bridge)
{
	struct result r = run(0, "show", NULL);

	cr_expect_eq(r.status, 0);
	cr_expect_str_eq(r.out, "policy hw\n", "the global policy, hw when unset");
	done(&r);
	r = run(CTL_F_JSON, "show", NULL);
	cr_expect_eq(r.status, 0);
	cr_expect_str_eq(r.out, "{\"policy\":\"hw\",\"bridges\":[]}\n");
	cr_expect_str_eq(r.err, "");
	done(&r);
}
