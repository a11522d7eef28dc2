// SPDX-License-Identifier: GPL-2.0
/*
 * Saving flowpathd's config: what is written reads back as the same
 * config, the file is replaced whole (mode 0600, no temporary left), and a
 * save that cannot happen says why and leaves the old file alone.
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "../../userspace/flowpathd/config.h"

static char why[FPD_WHY_LEN];
static char dir[64];
static char path[128];

static void make_dir(void)
{
	snprintf(dir, sizeof(dir), "/tmp/fp-config-test-XXXXXX");
	cr_assert_not_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/flowpathd.conf", dir);
}

static void remove_dir(void)
{
	char tmp[160];

	unlink(path);
	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	unlink(tmp);
	rmdir(dir);
}

TestSuite(config_save, .init = make_dir, .fini = remove_dir);

static void build(struct fpd_config *cfg)
{
	struct fpd_port_conf p1 = { .name = "p1" }, p2 = { .name = "p2" };
	uint64_t id;

	fpd_config_init(cfg);
	cr_assert_eq(fpd_config_add_bridge(cfg, "br0", why, sizeof(why)), 0);
	cr_assert_eq(fpd_config_add_bridge(cfg, "br1", why, sizeof(why)), 0);
	cr_assert_eq(fpd_port_opt_parse(&p2, "trunks=10-12,20", why, sizeof(why)), 0);
	cr_assert_eq(fpd_port_opt_parse(&p2, "policy=tc-sw", why, sizeof(why)), 0);
	cfg->policy = FPD_POLICY_KMOD;
	cr_assert_eq(fpd_config_add_port(cfg, "br0", &p1, why, sizeof(why)), 0);
	cr_assert_eq(fpd_config_add_port(cfg, "br1", &p2, why, sizeof(why)), 0);
	cr_assert_eq(fpd_config_add_rule(cfg, "br0", "priority=10,ip,actions=normal", &id), 0);
	cr_assert_eq(fpd_config_add_rule(cfg, "br0", "actions=drop", NULL), 0);
}

static char *slurp(const char *p)
{
	static char buf[4096];
	FILE *f = fopen(p, "r");
	size_t n;

	cr_assert_not_null(f, "open %s", p);
	n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

Test(config_save, written_file_reads_back_the_same)
{
	struct fpd_config cfg, back;
	char once[4096];
	struct stat st;

	build(&cfg);
	cr_assert_eq(fpd_config_save(&cfg, path, why, sizeof(why)), 0, "%s", why);
	snprintf(once, sizeof(once), "%s", slurp(path));
	cr_expect(strstr(once, "bridge br0\nport br0 p1\nrule br0 priority=10,ip,actions=normal\nrule br0 actions=drop\n"),
		  "%s", once);
	cr_expect(strstr(once, "bridge br1\nport br1 p2 trunks=10-12,20 policy=tc-sw\n"), "%s", once);
	cr_expect(strstr(once, "\npolicy kmod\n"), "%s", once);
	cr_assert_eq(stat(path, &st), 0);
	cr_expect_eq(st.st_mode & 0777, 0600, "rules are policy: mode %o", st.st_mode & 0777);

	fpd_config_init(&back);
	cr_assert_eq(fpd_config_load(&back, path, NULL, NULL, why, sizeof(why)), 0, "%s", why);
	cr_assert_eq(back.n_bridges, 2);
	cr_expect_eq(fpd_config_bridge(&back, "br0")->n_rules, 2);
	cr_expect(fpd_port_has_vid(&fpd_config_port(&back, "p2", NULL)[0], 11));
	cr_expect_eq(fpd_config_port(&back, "p2", NULL)->policy, FPD_POLICY_TC_SW);
	cr_expect_eq(back.policy, FPD_POLICY_KMOD);
	cr_assert_eq(fpd_config_save(&back, path, why, sizeof(why)), 0, "%s", why);
	cr_expect_str_eq(slurp(path), once, "load + save is a fixed point");
	fpd_config_free(&back);
	fpd_config_free(&cfg);
}

Test(config_save, replaces_the_file_and_leaves_no_temporary)
{
	struct fpd_config cfg;
	char tmp[160];

	FILE *f = fopen(path, "w");
	fputs("bridge old\n", f);
	fclose(f);
	build(&cfg);
	cr_assert_eq(fpd_config_del_bridge(&cfg, "br1"), 0);
	cr_assert_eq(fpd_config_save(&cfg, path, why, sizeof(why)), 0, "%s", why);
	cr_expect_null(strstr(slurp(path), "old"));
	cr_expect_null(strstr(slurp(path), "br1"));
	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	cr_expect_neq(access(tmp, F_OK), 0, "%s left behind", tmp);
	fpd_config_free(&cfg);
}

Test(config_save, failure_says_why_and_keeps_the_old_file)
{
	struct fpd_config cfg;
	char tmp[160];

	FILE *f = fopen(path, "w");
	fputs("bridge old\n", f);
	fclose(f);
	/* A directory where the temporary file must go: the write fails. */
	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	cr_assert_eq(mkdir(tmp, 0700), 0);
	build(&cfg);
	cr_expect_lt(fpd_config_save(&cfg, path, why, sizeof(why)), 0);
	cr_expect(strstr(why, "cannot write"), "%s", why);
	cr_expect(strstr(why, ".tmp"), "%s", why);
	cr_expect_str_eq(slurp(path), "bridge old\n");
	rmdir(tmp);
	fpd_config_free(&cfg);
}

Test(config_save, missing_file_is_enoent_with_its_name)
{
	struct fpd_config cfg;

	fpd_config_init(&cfg);
	cr_expect_eq(fpd_config_load(&cfg, path, NULL, NULL, why, sizeof(why)), -ENOENT);
	cr_expect(strstr(why, path), "%s", why);
}

Test(config_save, model_changes)
{
	struct fpd_config cfg;
	struct fpd_bridge_conf *br;
	struct fpd_port_conf p3 = { .name = "p3" };
	uint64_t id;

	build(&cfg);
	cr_expect_eq(fpd_config_add_bridge(&cfg, "p1", why, sizeof(why)), -EEXIST);
	cr_expect_str_eq(why, "already a port of bridge br0");
	cr_expect_eq(fpd_config_add_port(&cfg, "nosuch", &p3, why, sizeof(why)), -ENOENT);
	cr_expect_eq(fpd_config_del_port(&cfg, "br1", "p1"), -ENOENT,
		     "p1 is br0's, not br1's");
	cr_expect_eq(fpd_config_del_port(&cfg, "br0", "p1"), 0);
	cr_expect_null(fpd_config_port(&cfg, "p1", NULL));
	br = fpd_config_bridge(&cfg, "br0");
	id = br->rules[0].id;
	cr_expect_eq(fpd_config_del_rule(&cfg, "br0", id), 0);
	cr_expect_eq(fpd_config_del_rule(&cfg, "br0", id), -ENOENT);
	cr_assert_eq(br->n_rules, 1);
	cr_expect_str_eq(br->rules[0].text, "actions=drop");
	cr_expect_eq(fpd_config_add_rule(&cfg, "br0", "actions=normal", &id), 0);
	cr_expect_gt(id, br->rules[0].id, "ids are never reused");
	cr_expect_eq(fpd_config_add_rule(&cfg, "br0", "actions=drop\nbridge evil", &id),
		     -EINVAL, "a newline would make a line of its own");
	cr_expect_eq(fpd_config_add_rule(&cfg, "br0", "actions=drop#x", &id), -EINVAL);
	cr_expect_null(fpd_config_bridge(&cfg, "evil"));
	cr_expect_eq(fpd_config_del_bridge(&cfg, "br0"), 0);
	cr_expect_eq(fpd_config_del_bridge(&cfg, "br0"), -ENOENT);
	cr_expect_eq(cfg.n_bridges, 1);
	fpd_config_free(&cfg);
}
