#include "Cgroup.h"
