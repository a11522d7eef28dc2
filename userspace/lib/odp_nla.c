// SPDX-License-Identifier: GPL-2.0
#include <string.h>
#include <libmnl/libmnl.h>

#include "odp_nla.h"

void fp_nla_init(struct fp_nla_buf *b, void *data, size_t size)
{
	b->data = data;
	b->size = size;
	b->len = 0;
	b->overflow = false;
}

void *fp_nla_put(struct fp_nla_buf *b, uint16_t type, const void *data,
		 size_t len)
{
	size_t total = MNL_ALIGN(MNL_ATTR_HDRLEN + len);
	struct nlattr *attr;
	void *payload;

	if (b->overflow || len > UINT16_MAX - MNL_ATTR_HDRLEN ||
	    total > b->size - b->len) {
		b->overflow = true;
		return NULL;
	}
	attr = (struct nlattr *)(b->data + b->len);
	attr->nla_type = type;
	attr->nla_len = MNL_ATTR_HDRLEN + len;
	payload = b->data + b->len + MNL_ATTR_HDRLEN;
	if (data)
		memcpy(payload, data, len);
	else
		memset(payload, 0, len);
	/* Padding is part of the stream a peer may hash or compare: zero it. */
	memset((uint8_t *)payload + len, 0, total - MNL_ATTR_HDRLEN - len);
	b->len += total;
	return payload;
}

void fp_nla_put_u8(struct fp_nla_buf *b, uint16_t type, uint8_t v)
{
	fp_nla_put(b, type, &v, sizeof(v));
}

void fp_nla_put_u16(struct fp_nla_buf *b, uint16_t type, uint16_t v)
{
	fp_nla_put(b, type, &v, sizeof(v));
}

void fp_nla_put_u32(struct fp_nla_buf *b, uint16_t type, uint32_t v)
{
	fp_nla_put(b, type, &v, sizeof(v));
}

void fp_nla_put_flag(struct fp_nla_buf *b, uint16_t type)
{
	fp_nla_put(b, type, NULL, 0);
}

size_t fp_nla_nest_start(struct fp_nla_buf *b, uint16_t type)
{
	size_t start = b->len;

	fp_nla_put(b, type, NULL, 0);
	return start;
}

void fp_nla_nest_end(struct fp_nla_buf *b, size_t start)
{
	struct nlattr *attr;

	if (b->overflow)
		return;
	if (b->len - start > UINT16_MAX) {
		b->overflow = true;
		return;
	}
	attr = (struct nlattr *)(b->data + start);
	attr->nla_len = b->len - start;
}
