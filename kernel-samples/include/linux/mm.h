/* SPDX-License-Identifier: GPL-2.0-only */
/* Stub for kernel-samples: just enough declarations for the samples to compile. */
#ifndef _SAMPLES_LINUX_MM_H
#define _SAMPLES_LINUX_MM_H
#include <linux/types.h>
#include <linux/gfp.h>
#include <linux/mm_types.h>
#define PAGE_SHIFT 12
#define PAGE_SIZE (1UL << PAGE_SHIFT)
#define PAGE_MASK (~(PAGE_SIZE - 1))
#define PAGE_ALIGN(x) (((x) + PAGE_SIZE - 1) & PAGE_MASK)
#define VM_IO 0x4000ul
#define VM_DONTEXPAND 0x40000ul
#define VM_DONTDUMP 0x4000000ul
#define __pa(x) ((unsigned long)(x))
#define __va(x) ((void *)(unsigned long)(x))
struct page *virt_to_page(const void *addr);
unsigned long virt_to_pfn(const void *addr);
void *page_address(const struct page *page);
unsigned long page_to_pfn(const struct page *page);
void get_page(struct page *page);
void put_page(struct page *page);
void SetPageReserved(struct page *page);
void ClearPageReserved(struct page *page);
int remap_pfn_range(struct vm_area_struct *vma, unsigned long addr, unsigned long pfn,
		    unsigned long size, pgprot_t prot);
int vm_insert_page(struct vm_area_struct *vma, unsigned long addr, struct page *page);
int get_order(unsigned long size);
void *kvmalloc(size_t size, gfp_t flags);
void *kvzalloc(size_t size, gfp_t flags);
void *kvmalloc_array(size_t n, size_t size, gfp_t flags);
void *kvcalloc(size_t n, size_t size, gfp_t flags);
void kvfree(const void *addr);
#define offset_in_page(p) ((unsigned long)(p) & ~PAGE_MASK)
#endif
/* Appended for the kmalloc-as-page samples: page faults of a mapping. */
#ifndef _SAMPLES_LINUX_MM_H_VM_FAULT
#define _SAMPLES_LINUX_MM_H_VM_FAULT
typedef unsigned int vm_fault_t;
#define VM_FAULT_SIGBUS 0x0002
struct vm_fault {
	struct vm_area_struct *vma;
	unsigned long pgoff;
	unsigned long address;
	struct page *page;
};
struct vm_operations_struct {
	vm_fault_t (*fault)(struct vm_fault *vmf);
};
int vm_iomap_memory(struct vm_area_struct *vma, phys_addr_t start, unsigned long len);
#endif
