# flowpath top-level build.
#
#   make              userspace programs + flowpath.ko (against KVER, default: 6.12)
#   make check        unit tests on the host, then scenario tests in a QEMU guest
#   make demo         a virtual switchdev host in a guest: representors, upcalls
#   make deps         install what a fresh Debian 12 machine lacks (idempotent)
#   make kmod-6.1     build flowpath.ko against the 6.1 headers too (CI does)
#
# Outputs go to build/; the module is built out of the source tree in
# build/kmod-$(KVER)/ so that two kernels' objects never mix.

KVER ?= $(notdir $(lastword $(sort $(wildcard /lib/modules/6.12*))))
KDIR ?= /lib/modules/$(KVER)/build
KVER_LTS ?= $(notdir $(lastword $(sort $(wildcard /lib/modules/6.1.*))))

B := build
CC ?= cc
NL_CFLAGS := $(shell pkg-config --cflags libnl-route-3.0 2>/dev/null)
NL_LIBS := $(shell pkg-config --libs libnl-route-3.0 2>/dev/null || echo -lnl-route-3 -lnl-3)
CFLAGS ?= -O2 -g
CFLAGS += -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
	  -Iuserspace/lib -Inetdev -Ioffload $(NL_CFLAGS) -MMD -MP
LDLIBS := -lmnl $(NL_LIBS) -lpthread

LIB_SRCS := $(wildcard userspace/lib/*.c netdev/*.c offload/*.c)
LIB_OBJS := $(LIB_SRCS:%.c=$(B)/%.o)
FPCTL_SRCS := $(wildcard userspace/fpctl/*.c)
FPCTL_OBJS := $(FPCTL_SRCS:%.c=$(B)/%.o)
FLOWPATHD_SRCS := $(wildcard userspace/flowpathd/*.c)
FLOWPATHD_OBJS := $(FLOWPATHD_SRCS:%.c=$(B)/%.o)
# The daemon's objects but main.o, for the unit tests (config, flow table).
FLOWPATHD_LIB := $(if $(FLOWPATHD_SRCS),$(B)/flowpathd.a)
UNIT_SRCS := $(wildcard tests/unit/*.c)
UNIT_OBJS := $(UNIT_SRCS:%.c=$(B)/%.o)
KMOD_SRCS := $(wildcard kmod/*.c kmod/*.h)
KMOD_OUT := $(B)/kmod-$(KVER)

PROGS := $(B)/fpctl $(if $(FLOWPATHD_SRCS),$(B)/flowpathd)

.PHONY: all userspace kmod kmod-6.1 check check-unit check-vm demo deps clean bench-upcall bench-offload bench-kmod

all: userspace kmod

userspace: $(PROGS) $(B)/tcnl

$(B)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -c -o $@ $<

$(B)/libflowpath.a: $(LIB_OBJS)
	@rm -f $@
	$(AR) rcs $@ $^

$(B)/fpctl: $(FPCTL_OBJS) $(B)/libflowpath.a
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(B)/flowpathd: $(FLOWPATHD_OBJS) $(B)/libflowpath.a
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

# A test tool: the tc codec against a real kernel (tests/vm/50-tc-codec.sh),
# built with the example filters the unit tests use.
$(B)/tcnl: $(B)/tests/tools/tcnl.o $(B)/tests/unit/test_tc_fixtures.o $(B)/libflowpath.a
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(B)/flowpathd.a: $(filter-out %/main.o,$(FLOWPATHD_OBJS))
	@rm -f $@
	$(AR) rcs $@ $^

$(B)/unit-tests: $(UNIT_OBJS) $(FLOWPATHD_LIB) $(B)/libflowpath.a
	$(CC) $(LDFLAGS) -o $@ $^ -lcriterion $(LDLIBS)

# The module is built from per-file symlinks in build/kmod-KVER/, so objects
# land there and the same sources can be built for several kernels.
define kmod_build
	@test -d $(2) || { echo "no kernel headers at $(2) (make deps)"; exit 1; }
	@mkdir -p $(1)/kmod
	@ln -sf $(CURDIR)/Kbuild $(1)/Kbuild
	@for f in $(KMOD_SRCS); do ln -sf $(CURDIR)/$$f $(1)/$$f; done
	@find $(1)/kmod -xtype l -delete
	$(MAKE) -C $(2) M=$(CURDIR)/$(1) modules
endef

kmod: $(KMOD_OUT)/flowpath.ko

$(KMOD_OUT)/flowpath.ko: $(KMOD_SRCS) Kbuild
	$(call kmod_build,$(KMOD_OUT),$(KDIR))

kmod-6.1:
	$(call kmod_build,$(B)/kmod-$(KVER_LTS),/lib/modules/$(KVER_LTS)/build)

# check and demo first install what is missing, then start a fresh make:
# the compiler flags above come from packages the first step may install.
check: deps
	$(MAKE) all kmod-6.1
	$(MAKE) check-unit
	$(MAKE) check-vm

check-unit: $(B)/unit-tests
	$(B)/unit-tests --jobs 2

check-vm: all
	ci/vm-check --kver $(KVER) tests/vm/*.sh

demo: deps
	$(MAKE) all
	ci/vm-run --kver $(KVER) --no-summary --timeout 600 ci/demo.sh

# Benchmarks (not tests): figures and ratios measured in one guest boot.
bench-upcall: deps
	$(MAKE) all
	ci/vm-run --kver $(KVER) --tcg-threads multi --no-summary --timeout 3000 --scenario-timeout 2700 ci/bench/upcall.sh

bench-offload: deps
	$(MAKE) all
	ci/vm-run --kver $(KVER) --tcg-threads multi --no-summary --timeout 2400 --scenario-timeout 2100 ci/bench/offload.sh

bench-kmod: deps
	$(MAKE) all
	ci/vm-run --kver $(KVER) --tcg-threads multi --no-summary --timeout 2400 --scenario-timeout 2100 ci/bench/kmod.sh

deps:
	ci/deps.sh

clean:
	rm -rf $(B)

-include $(shell find $(B) -name '*.d' 2>/dev/null)
