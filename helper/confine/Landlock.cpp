#include "Landlock.h"
