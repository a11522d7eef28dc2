// SPDX-License-Identifier: GPL-2.0
/* The text parsers' cursor and value readers (see odp_text_scan.h). */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>

#include "odp_text_scan.h"

int fp_scan_fail(struct fp_scan *sc, const char *at, const char *fmt, ...)
{
	size_t n;
	va_list ap;

	if (!sc->err_size)
		return -EINVAL;
	n = snprintf(sc->err, sc->err_size, "at column %d ('%.20s%s'): ",
		     (int)(at - sc->input) + 1, at, strlen(at) > 20 ? "..." : "");
	if (n >= sc->err_size)
		return -EINVAL;
	va_start(ap, fmt);
	vsnprintf(sc->err + n, sc->err_size - n, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

bool fp_scan_word(struct fp_scan *sc, const char *word)
{
	size_t n = strlen(word);

	if (strncmp(sc->s, word, n))
		return false;
	sc->s += n;
	return true;
}

void fp_scan_delims(struct fp_scan *sc)
{
	sc->s += strspn(sc->s, ", \t\r\n");
}

bool fp_scan_uint(struct fp_scan *sc, uint64_t max, uint64_t *v)
{
	char *end;

	if (!isdigit((unsigned char)*sc->s))
		return false;
	errno = 0;
	*v = strtoull(sc->s, &end, 0);
	if (errno || *v > max)
		return false;
	sc->s = end;
	return true;
}

bool fp_scan_uint_masked(struct fp_scan *sc, uint64_t max, uint64_t *v,
			 uint64_t *m)
{
	if (!fp_scan_uint(sc, max, v))
		return false;
	*m = max;
	if (fp_scan_word(sc, "/"))
		return fp_scan_uint(sc, max, m);
	return true;
}

bool fp_scan_mac(struct fp_scan *sc, uint8_t mac[6])
{
	unsigned int b[6];
	int n = 0, i;

	if (sscanf(sc->s, "%2x:%2x:%2x:%2x:%2x:%2x%n", &b[0], &b[1], &b[2],
		   &b[3], &b[4], &b[5], &n) != 6 || !n)
		return false;
	for (i = 0; i < 6; i++)
		mac[i] = b[i];
	sc->s += n;
	return true;
}

/* A token of the characters an address may have, then inet_pton(). */
static bool scan_addr(struct fp_scan *sc, int af, const char *chars,
		      void *addr)
{
	char tok[INET6_ADDRSTRLEN];
	size_t n = strspn(sc->s, chars);

	if (!n || n >= sizeof(tok))
		return false;
	memcpy(tok, sc->s, n);
	tok[n] = '\0';
	if (inet_pton(af, tok, addr) != 1)
		return false;
	sc->s += n;
	return true;
}

bool fp_scan_ipv4(struct fp_scan *sc, void *addr)
{
	return scan_addr(sc, AF_INET, "0123456789.", addr);
}

bool fp_scan_ipv6(struct fp_scan *sc, void *addr)
{
	return scan_addr(sc, AF_INET6, "0123456789abcdefABCDEF:.", addr);
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower((unsigned char)c);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

bool fp_scan_hex(struct fp_scan *sc, uint8_t *out, size_t size, size_t *len)
{
	const char *p = sc->s;

	*len = 0;
	while (hexval(p[0]) >= 0) {
		if (hexval(p[1]) < 0 || *len == size)
			return false;
		out[(*len)++] = hexval(p[0]) << 4 | hexval(p[1]);
		p += 2;
	}
	sc->s = p;
	return true;
}
